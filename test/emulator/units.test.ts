/**
 * The emulator's pure parts: tqdm lines, output sizes, LoRA source parsing, header parsing, the clock.
 */
import { describe, expect, it } from 'vitest';
import { EmulatedClock } from './clock';
import { loraSourceError } from './model/lora-sources';
import { roundUpTo16, sizeFollowingImage, sizeFromAspectRatio } from './model/sizes';
import { countLine, formatInterval, percentLine } from './model/tqdm';
import { parseCancelAfter, parsePreferWait } from './request-body';

describe('tqdm lines', () => {
  it('match the examples in replicate.md', () => {
    expect(percentLine(14, 28, 3.684)).toBe(' 50%|█████     | 14/28 [00:03<00:03,  3.80it/s]');
    expect(countLine(14, 3.59)).toBe('14it [00:03, 3.9it/s]');
    expect(countLine(28, 7.18)).toBe('28it [00:07, 3.9it/s]');
  });

  it('start with unknown rate and end full', () => {
    expect(percentLine(0, 28, 0)).toBe('  0%|          | 0/28 [00:00<?, ?it/s]');
    expect(percentLine(28, 28, 7.2)).toBe('100%|██████████| 28/28 [00:07<00:00,  3.89it/s]');
    expect(percentLine(1, 28, 0.27)).toBe('  4%|▎         | 1/28 [00:00<00:07,  3.70it/s]');
    expect(countLine(0, 0)).toBe('0it [00:00, ?it/s]');
  });

  it('format long intervals as h:mm:ss', () => {
    expect(formatInterval(3725)).toBe('1:02:05');
  });
});

describe('output sizes', () => {
  it('follow the aspect-ratio table at 1 MP and halve at "0.25"', () => {
    expect(sizeFromAspectRatio('1:1', '1')).toEqual({ width: 1024, height: 1024 });
    expect(sizeFromAspectRatio('21:9', '1')).toEqual({ width: 1536, height: 640 });
    expect(sizeFromAspectRatio('4:5', '0.25')).toEqual({ width: 448, height: 544 });
    expect(sizeFromAspectRatio('9:16', '0.25')).toEqual({ width: 384, height: 672 });
  });

  it('round custom sizes up to 16', () => {
    expect(roundUpTo16(1000)).toBe(1008);
    expect(roundUpTo16(1024)).toBe(1024);
    expect(roundUpTo16(257)).toBe(272);
  });

  it('follow an input image: longest side capped at 1440, sides rounded up to 16', () => {
    expect(sizeFollowingImage({ width: 1000, height: 700 })).toMatchObject({ width: 1008, height: 704 });
    expect(sizeFollowingImage({ width: 3000, height: 2000 })).toMatchObject({ width: 1440, height: 960 });
    expect(sizeFollowingImage({ width: 2000, height: 3001 })).toMatchObject({ width: 960, height: 1440 });
    expect(sizeFollowingImage({ width: 100, height: 50 })).toMatchObject({ width: 112, height: 64 });
  });
});

describe('LoRA sources', () => {
  const accepted = [
    'fofr/flux-pixar-cars',
    'fofr/flux-pixar-cars/0123abcd',
    'https://replicate.com/fofr/flux-pixar-cars',
    'https://replicate.com/fofr/flux-pixar-cars/versions/0123abcd',
    'huggingface.co/XLabs-AI/flux-RealismLora',
    'https://huggingface.co/XLabs-AI/flux-RealismLora/lora.safetensors',
    'civitai.com/models/12345',
    'https://civitai.com/models/12345/some-slug',
    'https://example.com/weights/my-lora.safetensors',
    'https://example.com/my-lora.safetensors?download=true&token=abc',
    'https://replicate.delivery/yhqm/abc/trained_model.tar',
  ];
  it.each(accepted)('accepts %s', (source) => expect(loraSourceError(source)).toBeUndefined());

  it('rejects anything else with cog-flux\'s message', () => {
    expect(loraSourceError('not a lora')).toMatch(/^Failed to parse URL\. Expected either:/);
    expect(loraSourceError('https://example.com/lora.bin')).toMatch(/^Failed to parse URL/);
    expect(loraSourceError('https://huggingface.co/a/b/c/d')).toMatch(/^Failed to parse HuggingFace URL/);
    expect(loraSourceError('https://civitai.com/models/abc/def/ghi')).toMatch(/^Failed to parse CivitAI URL/);
    // Like cog-flux, three path segments read as a Replicate owner/name/version, whatever the host.
    expect(loraSourceError('civitai.com/models/abc')).toBeUndefined();
  });
});

describe('headers', () => {
  it('Prefer: wait holds 60 s, wait=N holds N (1..60)', () => {
    expect(parsePreferWait('wait')).toEqual({ ok: true, value: 60 });
    expect(parsePreferWait('wait=5')).toEqual({ ok: true, value: 5 });
    expect(parsePreferWait('respond-async, wait=12')).toEqual({ ok: true, value: 12 });
    expect(parsePreferWait(undefined)).toEqual({ ok: true, value: undefined });
    expect(parsePreferWait('wait=0').ok).toBe(false);
    expect(parsePreferWait('wait=61').ok).toBe(false);
  });

  it('Cancel-After takes Go-style durations or seconds', () => {
    expect(parseCancelAfter('5m')).toEqual({ ok: true, value: 300_000 });
    expect(parseCancelAfter('1h30m45s')).toEqual({ ok: true, value: 5_445_000 });
    expect(parseCancelAfter('1.5s')).toEqual({ ok: true, value: 1500 });
    expect(parseCancelAfter('250ms')).toEqual({ ok: true, value: 250 });
    expect(parseCancelAfter('30')).toEqual({ ok: true, value: 30_000 });
    expect(parseCancelAfter('five minutes').ok).toBe(false);
  });
});

describe('the emulated clock', () => {
  it('runs due tasks in time order when advanced, with now() at each due time', () => {
    const clock = new EmulatedClock({ frozen: true, startAt: 1_000 });
    const seen: string[] = [];
    clock.schedule(300, () => seen.push(`b@${clock.now()}`));
    clock.schedule(100, () => {
      seen.push(`a@${clock.now()}`);
      clock.schedule(50, () => seen.push(`a2@${clock.now()}`)); // scheduled while advancing, still due
    });
    const late = clock.schedule(1_000, () => seen.push('late'));
    clock.advance(400);
    expect(seen).toEqual(['a@1100', 'a2@1150', 'b@1300']);
    expect(clock.now()).toBe(1_400);
    late.cancel();
    clock.advance(10_000);
    expect(seen).toHaveLength(3);
    expect(clock.pendingCount()).toBe(0);
  });

  it('also fires tasks in real time when not frozen', async () => {
    const clock = new EmulatedClock();
    // Read before scheduling: the task is due 15 ms after the moment it was scheduled, not after a later read.
    const start = clock.now();
    const fired = new Promise<number>((resolve) => clock.schedule(15, () => resolve(clock.now())));
    expect((await fired) - start).toBeGreaterThanOrEqual(15);
    clock.stop();
  });

  it('jumps real-time clocks forward', () => {
    const clock = new EmulatedClock({ startAt: Date.UTC(2030, 0, 1) });
    clock.advance(3_600_000);
    expect(clock.now()).toBeGreaterThanOrEqual(Date.UTC(2030, 0, 1, 1));
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });
});

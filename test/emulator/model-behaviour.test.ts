/**
 * What the two models do with their input at run time (replicate.md "Behaviour of ..."): failures that
 * only show as `status: "failed"`, output sizes, go_fast overrides.
 */
import type { Prediction } from 'replicate';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { FLUX_FINE_TUNE, FLUX_THOTH, INVERSIONS } from './index';
import { dataUri, download, pngOfSize, useEmulator } from './harness';

const h = useEmulator();

function run(input: Record<string, unknown>, version = FLUX_THOTH.version): Promise<Prediction> {
  return h.replicate.predictions.create({ version, input, wait: true });
}

async function outputSize(prediction: Prediction, index = 0): Promise<{ width?: number; height?: number }> {
  const url = (prediction.output as string[])[index] as string;
  const { bytes } = await download(url);
  const { width, height } = await sharp(bytes).metadata();
  return { width, height };
}

function tqdmTotal(prediction: Prediction): number | undefined {
  const match = /\| 0\/(\d+) \[/.exec(prediction.logs ?? '');
  return match ? Number(match[1]) : undefined;
}

describe('img2img needs floor(num_inference_steps * prompt_strength) >= 1', () => {
  it('fails at run time (HTTP 201, status failed) when no step is left', async () => {
    const image = dataUri(await pngOfSize(64, 64));
    const failed = await run({ prompt: 'x', image, prompt_strength: 0.03, num_inference_steps: 28 });
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe(
      'After adjusting the num_inference_steps by strength parameter: 0.03, the number of pipelinesteps is 0 which is < 1 and not appropriate for this pipeline.',
    );
    expect(failed.output).toBeNull();
    expect(failed.logs).toMatch(/Traceback \(most recent call last\):[\s\S]*ValueError: After adjusting/);
  });

  it('runs floor(steps * strength) steps when at least one is left', async () => {
    const image = dataUri(await pngOfSize(64, 64));
    const one = await run({ prompt: 'x', image, prompt_strength: 0.04, num_inference_steps: 28 });
    expect(one.status).toBe('succeeded');
    expect(tqdmTotal(one)).toBe(1);
    const usual = await run({ prompt: 'x', image, num_inference_steps: 28 });
    expect(tqdmTotal(usual)).toBe(22); // 28 * 0.8
  });

  it('applies to the inversions model in img2img mode, not in rf_inversion mode', async () => {
    const image = dataUri(await pngOfSize(64, 64));
    const img2img = await run({ prompt: 'x', image, img2img_mode: 'img2img', prompt_strength: 0 }, INVERSIONS.version);
    expect(img2img.status).toBe('failed');
    const inversion = await run({ prompt: 'x', image, prompt_strength: 0 }, INVERSIONS.version);
    expect(inversion.status).toBe('succeeded');
  });
});

describe('custom aspect ratio (LoRA model)', () => {
  it('fails with a Python TypeError without both width and height', async () => {
    for (const input of [{}, { width: 512 }, { height: 512 }]) {
      const failed = await run({ prompt: 'x', aspect_ratio: 'custom', ...input });
      expect(failed.status).toBe('failed');
      expect(failed.error).toBe("unsupported operand type(s) for +: 'NoneType' and 'int'");
      expect(failed.logs).toContain("TypeError: unsupported operand type(s) for +: 'NoneType' and 'int'");
    }
  });

  it('rounds the sides up to a multiple of 16 and runs in bf16', async () => {
    const done = await run({ prompt: 'x', aspect_ratio: 'custom', width: 1000, height: 257, go_fast: true, output_format: 'png' });
    expect(await outputSize(done)).toEqual({ width: 1008, height: 272 });
    expect(done.logs).toContain('Custom aspect ratios not supported with fast fp8 inference; will run in bf16');
  });

  it('ignores width and height for a named aspect ratio', async () => {
    const done = await run({ prompt: 'x', aspect_ratio: '16:9', width: 300, height: 300, megapixels: '0.25' });
    expect(await outputSize(done)).toEqual({ width: 672, height: 384 });
  });
});

describe('output size', () => {
  it('follows the aspect ratio table at 1 MP on both models', async () => {
    expect(await outputSize(await run({ prompt: 'x', aspect_ratio: '3:2', output_format: 'jpg' }))).toEqual({ width: 1216, height: 832 });
    expect(await outputSize(await run({ prompt: 'x', aspect_ratio: '9:21', output_format: 'jpg' }, INVERSIONS.version))).toEqual({
      width: 640,
      height: 1536,
    });
  });

  it('follows an input image, ignoring aspect_ratio and megapixels', async () => {
    const image = dataUri(await pngOfSize(1000, 700));
    const done = await run({ prompt: 'x', image, aspect_ratio: '1:1', megapixels: '0.25' });
    expect(await outputSize(done)).toEqual({ width: 1008, height: 704 });
    expect(done.logs).toContain('[!] img2img mode');
  });

  it('caps the longest side of a large input image at 1440', async () => {
    const image = dataUri(await pngOfSize(2000, 1000));
    expect(await outputSize(await run({ prompt: 'x', image }, INVERSIONS.version))).toEqual({ width: 1440, height: 720 });
  });
});

describe('image, mask and go_fast', () => {
  it('inpaints with image + mask, ignores a mask without an image', async () => {
    const image = dataUri(await pngOfSize(128, 128));
    const mask = dataUri(await pngOfSize(128, 128, { r: 255, g: 255, b: 255 }));
    expect((await run({ prompt: 'x', image, mask })).logs).toContain('[!] inpaint mode');
    const maskOnly = await run({ prompt: 'x', mask });
    expect(maskOnly.status).toBe('succeeded');
    expect(maskOnly.logs).toContain('[!] txt2img mode');
    expect(await outputSize(maskOnly)).toEqual({ width: 1024, height: 1024 });
  });

  it('forces go_fast off when an image is given', async () => {
    const image = dataUri(await pngOfSize(64, 64));
    const lora = await run({ prompt: 'x', image, go_fast: true });
    expect(lora.logs).toContain('Img2img and inpainting not supported with fast fp8 inference; will run in bf16');
    const inversions = await run({ prompt: 'x', image }, INVERSIONS.version);
    expect(inversions.logs).toContain('Img2img not supported with fast fp8 inference; will run in bf16');
    expect(inversions.logs).toMatch(/^\d+it \[/m); // bf16: progress without a total
  });

  it('fails the inversion modes when end_step is beyond the steps', async () => {
    const image = dataUri(await pngOfSize(64, 64));
    const failed = await run({ prompt: 'x', image, num_inference_steps: 4, end_step: 6 }, INVERSIONS.version);
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe('index 6 is out of bounds for dimension 0 with size 4');
  });
});

describe('LoRA sources', () => {
  it('loads accepted forms on the LoRA model and the fine-tune', async () => {
    const done = await run({ prompt: 'x', megapixels: '0.25', replicate_weights: 'huggingface.co/XLabs-AI/flux-RealismLora', extra_lora: 'fofr/flux-pixar-cars' });
    expect(done.status).toBe('succeeded');
    expect(done.logs).toContain('Loaded LoRAs in');
    expect((await run({ prompt: 'x', megapixels: '0.25', replicate_weights: 'https://example.com/a.safetensors' }, FLUX_FINE_TUNE.version)).status).toBe('succeeded');
  });

  it('fails with "Failed to parse URL" for anything else', async () => {
    const failed = await run({ prompt: 'x', replicate_weights: 'my favourite lora' });
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/^Failed to parse URL\. Expected either:/);
    const badExtra = await run({ prompt: 'x', replicate_weights: 'fofr/flux-pixar-cars', extra_lora: 'ftp://x/y.bin' });
    expect(badExtra.error).toMatch(/^Failed to parse URL/);
  });

  it('ignores extra_lora without replicate_weights in bf16, but loads it in fp8', async () => {
    expect((await run({ prompt: 'x', megapixels: '0.25', extra_lora: 'not a url' })).status).toBe('succeeded');
    expect((await run({ prompt: 'x', extra_lora: 'not a url', go_fast: true })).status).toBe('failed');
  });
});

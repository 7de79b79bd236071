/**
 * Test harness for the emulator's own tests: one emulator per test file, the official client aimed at
 * it, faults and log cleared between tests, and a few helpers for raw HTTP.
 */
import Replicate from 'replicate';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions } from './index';

/** Short emulated durations keep the whole suite within a few seconds. */
export const FAST_TIMING = { queueDelayMs: 2, predictMs: 12 };

export interface Harness {
  readonly emulator: Emulator;
  readonly replicate: Replicate;
}

export function useEmulator(options: EmulatorOptions = {}): Harness {
  let emulator: Emulator | undefined;
  let replicate: Replicate | undefined;
  beforeAll(async () => {
    emulator = await startEmulator({ timing: FAST_TIMING, randomSeed: 7, ...options });
    replicate = new Replicate(emulator.clientOptions());
  });
  afterEach(() => {
    emulator?.faults.clear();
    emulator?.resetLog();
    emulator?.setTiming({ ...FAST_TIMING, ...options.timing });
  });
  afterAll(async () => {
    await emulator?.close();
  });
  return {
    get emulator() {
      if (!emulator) throw new Error('emulator not started');
      return emulator;
    },
    get replicate() {
      if (!replicate) throw new Error('emulator not started');
      return replicate;
    },
  };
}

/** A raw API call (no client retries), answering status, headers and parsed JSON (or text). */
export async function api(
  emulator: Emulator,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; token?: string | null } = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? emulator.token : options.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${emulator.baseUrl}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON; keep the text
  }
  return { status: response.status, headers: response.headers, body };
}

/** A small real PNG of the given size, for image inputs. */
export function pngOfSize(width: number, height: number, colour = { r: 200, g: 80, b: 40 }): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } }).png().toBuffer();
}

export function dataUri(bytes: Buffer, mime = 'image/png'): string {
  return `data:${mime};base64,${bytes.toString('base64')}`;
}

export async function download(url: string): Promise<{ status: number; bytes: Buffer; contentType: string | null }> {
  const response = await fetch(url);
  return {
    status: response.status,
    bytes: Buffer.from(await response.arrayBuffer()),
    contentType: response.headers.get('content-type'),
  };
}

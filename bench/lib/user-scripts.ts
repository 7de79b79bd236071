// What a user would write instead of Weft: the `replicate` client (1.4.0), the same models and the same
// work, predictions.create + replicate.wait (its 500 ms polling), each output downloaded with fetch and
// written to a file, an upstream output passed downstream by its URL. Two versions: one call after the
// other (the script most people write first), and the same parallelised by hand (Promise.all over the
// independent branches; the chain stays a chain).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Replicate from 'replicate';
import { LORAS, PROMPTS } from './flux-graph';

const FLUX = '9b7dd5e22227d6ff931d4b7fba9713448468ce0b1b9ffcd93211d5e5525adf97';
const INVERSIONS = 'd1d9fc7a70eaad39f2b388a8ce8ad701bf5ba78cdd45f78995b4acb17f19bec4';

interface ClientOptions {
  auth: string;
  baseUrl: string;
}

type Input = Record<string, unknown>;

function userClient(options: ClientOptions) {
  const replicate = new Replicate({ auth: options.auth, baseUrl: options.baseUrl, useFileOutput: false });
  /** Create, wait, download every output: the loop every Replicate script has. */
  async function predict(version: string, input: Input, outDir: string, name: string): Promise<string> {
    const prediction = await replicate.predictions.create({ version, input });
    const done = await replicate.wait(prediction);
    if (done.status !== 'succeeded') throw new Error(`${name}: ${done.status}: ${String(done.error)}`);
    const urls = (Array.isArray(done.output) ? done.output : [done.output]) as string[];
    for (const [i, url] of urls.entries()) {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${name}: download failed: ${response.status}`);
      await writeFile(join(outDir, `${name}-${i}.webp`), Buffer.from(await response.arrayBuffer()));
    }
    return urls[0]!;
  }
  return { replicate, predict };
}

const fanInput = (k: number): Input => {
  const lora = LORAS[(k - 1) % LORAS.length]!;
  return { prompt: `${lora.trigger}, ${PROMPTS.base}`, seed: 10 + k, replicate_weights: lora.source, lora_scale: 0.9 };
};

/** The realistic graph, one prediction after the other. */
export async function sequentialScript(client: ClientOptions, outDir: string): Promise<void> {
  const { predict } = userClient(client);
  const base = await predict(FLUX, { prompt: PROMPTS.base, seed: 1, guidance_scale: 3.5 }, outDir, 't2i');
  const winter = await predict(FLUX, { prompt: PROMPTS.winter, image: base, prompt_strength: 0.7, seed: 2 }, outDir, 'i2i');
  await predict(INVERSIONS, { prompt: PROMPTS.edit, image: winter, seed: 3, eta: 0.85, start_step: 0, end_step: 7 }, outDir, 'edit');
  for (let k = 1; k <= 8; k++) await predict(FLUX, fanInput(k), outDir, `fan${k}`);
}

/** The same, with the chain and the eight LoRA samplers run at once by hand. */
export async function parallelScript(client: ClientOptions, outDir: string): Promise<void> {
  const { predict } = userClient(client);
  const chain = async () => {
    const base = await predict(FLUX, { prompt: PROMPTS.base, seed: 1, guidance_scale: 3.5 }, outDir, 't2i');
    const winter = await predict(FLUX, { prompt: PROMPTS.winter, image: base, prompt_strength: 0.7, seed: 2 }, outDir, 'i2i');
    await predict(INVERSIONS, { prompt: PROMPTS.edit, image: winter, seed: 3, eta: 0.85, start_step: 0, end_step: 7 }, outDir, 'edit');
  };
  await Promise.all([chain(), ...Array.from({ length: 8 }, (_, i) => predict(FLUX, fanInput(i + 1), outDir, `fan${i + 1}`))]);
}

/**
 * One image file, eight img2img samplers, parallelised by hand, the file handed to the client as bytes
 * (its documented way): the client uploads it for every prediction.
 */
export async function sharedInputScript(client: ClientOptions, imagePath: string, outDir: string, samplers = 8): Promise<void> {
  const { predict } = userClient(client);
  const image = await readFile(imagePath);
  await Promise.all(
    Array.from({ length: samplers }, (_, i) => {
      const lora = LORAS[i % LORAS.length]!;
      return predict(FLUX, { prompt: `${lora.trigger}, ${PROMPTS.winter}`, image, prompt_strength: 0.6, seed: 501 + i, replicate_weights: lora.source }, outDir, `s${i + 1}`);
    }),
  );
}

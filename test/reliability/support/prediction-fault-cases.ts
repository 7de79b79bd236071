// Predictions that end badly on Replicate's side, aimed at one node of chain() by its prompt: what the
// node must say, and what becomes of the nodes around it.
import type { FetchLike } from '../../../src/runtime/providers/http/retrying-fetch';
import type { Emulator } from '../../emulator/index';
import { CHAIN_PROMPTS } from './workflows';

export type ChainNode = keyof typeof CHAIN_PROMPTS;

export interface PredictionFaultCase {
  name: string;
  /** Arms the fault for predictions whose prompt includes `prompt`. */
  arm(emulator: Emulator, prompt: string): void;
  /** Wraps the provider's network fetch, for faults the client has to ask for (Cancel-After). */
  network?(prompt: string): FetchLike;
  /** What the victim's error must say. */
  error: RegExp;
}

export const PREDICTION_FAULTS: readonly PredictionFaultCase[] = [
  {
    name: 'the model fails',
    arm: (emulator, prompt) => emulator.faults.failPredictions({ promptIncludes: prompt, error: 'CUDA error: out of memory' }),
    error: /^the model failed: CUDA error: out of memory$/,
  },
  {
    name: 'Replicate aborts it before it starts',
    arm: (emulator, prompt) => emulator.faults.slowPredictions({ promptIncludes: prompt, queueDelayMs: 300 }),
    network: cancelAfterFor,
    error: /^Replicate aborted the prediction before it started$/,
  },
  {
    name: 'the safety checker drops every image',
    arm: (emulator, prompt) => emulator.faults.safetyDrop({ promptIncludes: prompt, drop: 'all' }),
    error: /^the model failed: .*NSFW/i,
  },
  {
    name: 'its outputs expire before they are fetched',
    arm: (emulator, prompt) => emulator.faults.expireOutputs({ promptIncludes: prompt }),
    error: /^the prediction succeeded but its images could not be kept: the output \S+ is gone \(HTTP 404\): Replicate deletes outputs an hour after a prediction$/,
  },
];

/** Every node's expected status when `victim` fails: the ones that need it fail, blocked by it. */
export function expectedStatuses(victim: ChainNode): Record<ChainNode, string> {
  const needs: Record<ChainNode, ChainNode[]> = { a: [], b: ['a'], c: ['a', 'b'], d: [] };
  const status = (node: ChainNode) => (node === victim || needs[node].includes(victim) ? 'failed' : 'succeeded');
  return { a: status('a'), b: status('b'), c: status('c'), d: status('d') };
}

/** A network that asks Replicate to abort the victim's prediction if it has not started within 1 ms. */
function cancelAfterFor(prompt: string): FetchLike {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (init?.method === 'POST' && url.pathname.endsWith('/predictions') && typeof init.body === 'string' && init.body.includes(prompt)) {
      const headers = new Headers(init.headers);
      headers.set('Cancel-After', '1ms');
      return fetch(input, { ...init, headers });
    }
    return fetch(input, init);
  };
}

// One journaled prediction: what it was made for (the call key, model, version) and by whom (the
// scope: the API and a hash of the account's token, never the token). The file's content never
// changes; who follows it is in its name, which is how it changes hands atomically (journal.ts):
//
//   <key>.<predictionId>.json            nobody follows it: free to adopt
//   <key>.<predictionId>.<holder>.json   followed by that holder (holder.ts)
import { z } from 'zod';
import { SHA256_PATTERN } from '../../cache/hash';
import { HOLDER_PATTERN } from './holder';

export const INFLIGHT_FORMAT = 'weft-inflight';
export const INFLIGHT_VERSION = 1;

/** Replicate's ids are lowercase base32; anything that could break out of a file name is refused. */
export const PREDICTION_ID_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;

export const InflightEntrySchema = z.object({
  format: z.literal(INFLIGHT_FORMAT),
  version: z.literal(INFLIGHT_VERSION),
  key: z.string().regex(SHA256_PATTERN),
  predictionId: z.string().regex(PREDICTION_ID_PATTERN),
  scope: z.string().min(1),
  model: z.string().min(1),
  modelVersion: z.string().min(1),
  deployment: z.string().min(1).optional(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type InflightEntry = z.infer<typeof InflightEntrySchema>;

export interface EntryName {
  key: string;
  predictionId: string;
  /** Undefined when nobody holds it. */
  holder?: string;
}

export function entryFileName(name: EntryName): string {
  return `${name.key}.${name.predictionId}${name.holder === undefined ? '' : `.${name.holder}`}.json`;
}

/** The parts of one of our file names, or undefined for anything else (temp files, strays). */
export function parseEntryFileName(file: string): EntryName | undefined {
  if (!file.endsWith('.json')) return undefined;
  const [key, predictionId, holder, ...rest] = file.slice(0, -'.json'.length).split('.');
  if (rest.length > 0 || !key || !SHA256_PATTERN.test(key) || !predictionId || !PREDICTION_ID_PATTERN.test(predictionId)) return undefined;
  if (holder !== undefined && !HOLDER_PATTERN.test(holder)) return undefined;
  return { key, predictionId, ...(holder === undefined ? {} : { holder }) };
}

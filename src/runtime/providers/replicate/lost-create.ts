// A create request whose answer never arrived (a 5xx, a cut connection, a timeout) may still have
// created a prediction - one that runs and is billed. Sending the create again blindly could pay for
// the same image twice. Instead we list the account's newest predictions and adopt the one this request
// made: same version, same input, created since just before we sent it, not already claimed by another
// call of ours. Only when none is found is the create sent again. A list entry without its input (the
// list may abbreviate predictions) is read in full before it is judged.
import { canonicalJson } from '../../../engine';
import type { ProviderCall } from '../provider';
import { PredictionPageSchema, PredictionSchema, type PredictionJson } from './schemas';

/** Server and local clocks disagree a little; a prediction this much older than our request still counts. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** The newest pages are enough: the lost prediction was created moments ago. */
const MAX_PAGES = 3;
/** Abbreviated entries read in full, at most. */
const MAX_DETAIL_READS = 10;

export interface PredictionLister {
  /** The first page of the account's predictions, newest first. */
  firstPage(signal?: AbortSignal): Promise<unknown>;
  /** The page at a `next` URL. */
  page(url: string, signal?: AbortSignal): Promise<unknown>;
  /** One prediction in full. */
  get(id: string, signal?: AbortSignal): Promise<unknown>;
}

export async function findLostPrediction(
  lister: PredictionLister,
  call: ProviderCall,
  sentAtMs: number,
  claimed: ReadonlySet<string>,
  signal?: AbortSignal,
): Promise<PredictionJson | undefined> {
  const wanted = canonicalJson(call.input);
  let detailReads = 0;
  let raw: unknown = await lister.firstPage(signal);
  for (let pages = 1; ; pages++) {
    const page = PredictionPageSchema.parse(raw);
    let olderThanWindow = false;
    for (const item of page.results) {
      const parsed = PredictionSchema.safeParse(item);
      if (!parsed.success) continue;
      const prediction = parsed.data;
      const createdAt = prediction.created_at ? Date.parse(prediction.created_at) : Number.NaN;
      if (!Number.isNaN(createdAt) && createdAt < sentAtMs - CLOCK_SKEW_MS) {
        olderThanWindow = true;
        continue;
      }
      if (claimed.has(prediction.id)) continue;
      if (!call.deployment && prediction.version !== undefined && prediction.version !== call.version) continue;
      let input = prediction.input;
      if (input === undefined && detailReads < MAX_DETAIL_READS) {
        detailReads++;
        input = PredictionSchema.safeParse(await lister.get(prediction.id, signal)).data?.input;
      }
      if (input === undefined || canonicalJson(input) !== wanted) continue;
      return prediction;
    }
    if (olderThanWindow || !page.next || pages >= MAX_PAGES) return undefined;
    raw = await lister.page(page.next, signal);
  }
}

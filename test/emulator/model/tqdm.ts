/**
 * Progress lines in tqdm's format, as they reach a prediction's `logs` (one line per update).
 *   with a total:  ` 50%|█████     | 14/28 [00:03<00:03,  3.80it/s]`
 *   without one:   `14it [00:03, 3.9it/s]` (the inversions model in bf16: progress unknown, not zero)
 */

const BAR_WIDTH = 10;
/** tqdm's unicode bar: a space, seven eighth-blocks, a full block. */
const BAR_CHARS = ' ▏▎▍▌▋▊▉█';

/** tqdm's format_interval: [h:]mm:ss. */
export function formatInterval(seconds: number): string {
  const total = Math.floor(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mmss = `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

function bar(fraction: number): string {
  const symbols = BAR_CHARS.length - 1;
  const filled = Math.floor(fraction * BAR_WIDTH * symbols);
  const full = Math.floor(filled / symbols);
  const partial = filled % symbols;
  if (full >= BAR_WIDTH) return (BAR_CHARS[symbols] as string).repeat(BAR_WIDTH);
  return (BAR_CHARS[symbols] as string).repeat(full) + BAR_CHARS[partial] + ' '.repeat(BAR_WIDTH - full - 1);
}

/** A progress line with a total: n of total done after `elapsedSeconds`. */
export function percentLine(n: number, total: number, elapsedSeconds: number): string {
  const fraction = total > 0 ? n / total : 0;
  const percentage = String(Math.round(fraction * 100)).padStart(3, ' ');
  const rate = n > 0 && elapsedSeconds > 0 ? n / elapsedSeconds : undefined;
  const remaining = rate === undefined ? '?' : formatInterval((total - n) / rate);
  const rateText = rate === undefined ? '?' : rate.toFixed(2).padStart(5, ' ');
  return `${percentage}%|${bar(fraction)}| ${n}/${total} [${formatInterval(elapsedSeconds)}<${remaining}, ${rateText}it/s]`;
}

/** A progress line without a total. */
export function countLine(n: number, elapsedSeconds: number): string {
  const rate = n > 0 && elapsedSeconds > 0 ? (n / elapsedSeconds).toFixed(1) : '?';
  return `${n}it [${formatInterval(elapsedSeconds)}, ${rate}it/s]`;
}

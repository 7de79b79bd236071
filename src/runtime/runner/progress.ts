// Progress from a prediction's logs. Predictors print tqdm bars, one line per update:
//   ` 50%|█████     | 14/28 [00:03<00:03,  3.80it/s]`   -> 50 %, step 14 of 28
//   `28it [00:07, 3.9it/s]`                              -> step 28 of an unknown total: percent null
// Only the last progress line counts; other lines ("Using seed: 42") are not progress.

export interface LogProgress {
  /** null when the logs give no total: progress is unknown, not zero. */
  percent: number | null;
  step?: number;
  total?: number;
}

const WITH_TOTAL = /(\d{1,3})%\|[^|]*\|\s*(\d+)\/(\d+)/;
const WITHOUT_TOTAL = /^\s*(\d+)it \[/;

export function parseProgress(logs: string): LogProgress | undefined {
  const lines = logs.split(/[\r\n]+/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const progress = parseProgressLine(lines[i]!);
    if (progress) return progress;
  }
  return undefined;
}

export function parseProgressLine(line: string): LogProgress | undefined {
  const bar = WITH_TOTAL.exec(line);
  if (bar) return { percent: Math.min(100, Number(bar[1])), step: Number(bar[2]), total: Number(bar[3]) };
  const count = WITHOUT_TOTAL.exec(line);
  if (count) return { percent: null, step: Number(count[1]) };
  return undefined;
}

/** The last line of the logs that is not a progress bar (what the model last said in words). */
export function lastLogLine(logs: string): string | undefined {
  const lines = logs.split(/[\r\n]+/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.trim();
    if (line && !parseProgressLine(line)) return line;
  }
  return undefined;
}

// How `weft run` shows a run. Three forms, one per audience:
//   --json         one RunEvent per line on stdout, for programs;
//   a terminal     a live block on stderr: one progress bar per running call, finished calls above it;
//   otherwise      one line per thing that happened on stderr (CI logs, pipes).
import type { RunEvent } from '../../runtime/runner/events';
import type { CliIo } from '../io';
import { formatUsd } from './units';

export interface RunDisplay {
  onEvent(event: RunEvent): void;
  /** Leaves the terminal clean (the live block is erased). */
  close(): void;
}

export function jsonDisplay(io: CliIo): RunDisplay {
  return { onEvent: (event) => io.out(JSON.stringify(event)), close: () => {} };
}

/** The line a finished (or failing) call leaves in the log, or undefined for events that leave none. */
export function eventLine(event: RunEvent): string | undefined {
  switch (event.type) {
    case 'call-cached':
      return `node ${event.node}: cached (${count(event.outputs.length, 'image')})`;
    case 'call-starting':
      if (event.resumed) return `node ${event.node}: resumed prediction ${event.predictionId}, made by an earlier run that stopped (not paid again)`;
      return `node ${event.node}: started prediction ${event.predictionId}`;
    case 'call-succeeded': {
      const billed = event.predictTime === undefined ? '' : `, ${event.predictTime.toFixed(1)} s of GPU time${event.cost ? `, ${formatUsd(event.cost)}` : ''}`;
      return `node ${event.node}: done (${count(event.outputs.length, 'image')}${billed})`;
    }
    case 'call-failed':
      return `node ${event.node}: ${event.error}`;
    case 'call-canceled':
      return `node ${event.node}: canceled`;
    default:
      return undefined;
  }
}

export function lineDisplay(io: CliIo): RunDisplay {
  return {
    onEvent: (event) => {
      const line = eventLine(event);
      if (line) io.err(line);
    },
    close: () => {},
  };
}

const BAR_WIDTH = 24;

/** A live block redrawn in place with ANSI escapes: bars for running calls under the log of finished ones. */
export function terminalDisplay(io: CliIo): RunDisplay {
  const active = new Map<string, string>();
  let drawnLines = 0;
  const redraw = (finished?: string) => {
    // Every write ends below the block: move up over it, clear it, print what is permanent, then the bars.
    let text = drawnLines > 0 ? `\x1b[${drawnLines}F\x1b[J` : '';
    if (finished) text += `${finished}\n`;
    const bars = [...active.entries()].map(([node, state]) => `  ${node.padEnd(14).slice(0, 14)} ${state}`);
    for (const bar of bars) text += `${bar}\n`;
    drawnLines = bars.length;
    if (text) io.err(text);
  };
  return {
    onEvent: (event) => {
      switch (event.type) {
        case 'call-queued':
          active.set(event.node, 'queued');
          return redraw();
        case 'call-uploading':
          active.set(event.node, `uploading ${count(event.images, 'image')}`);
          return redraw();
        case 'call-starting':
          active.set(event.node, `${event.resumed ? 'resuming' : 'starting'} (${event.predictionId})`);
          return redraw();
        case 'call-progress':
          active.set(event.node, progressBar(event.percent, event.step, event.total));
          return redraw();
        case 'call-cached':
        case 'call-succeeded':
        case 'call-failed':
        case 'call-canceled':
          active.delete(event.node);
          return redraw(eventLine(event));
        default:
          return undefined;
      }
    },
    close: () => {
      if (drawnLines > 0) io.err(`\x1b[${drawnLines}F\x1b[J`);
      drawnLines = 0;
    },
  };
}

export function progressBar(percent: number | null, step?: number, total?: number): string {
  if (percent === null) return `${'░'.repeat(BAR_WIDTH)}  step ${step ?? '?'}`;
  const filled = Math.round((percent / 100) * BAR_WIDTH);
  const steps = step !== undefined && total !== undefined ? `  ${step}/${total}` : '';
  return `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ${String(percent).padStart(3)}%${steps}`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

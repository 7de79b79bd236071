// What `weft run` shows on a terminal: a bar per running call, redrawn in place, and a line per call
// once it is done.
import { describe, expect, it } from 'vitest';
import { eventLine, progressBar, terminalDisplay } from '../../src/cli/commands/run-display';
import type { CliIo } from '../../src/cli/io';
import type { RunEvent } from '../../src/runtime/runner/events';

function terminal(): { io: CliIo; screen: () => string[] } {
  let written = '';
  const io: CliIo = { out: () => {}, err: (text) => (written += text.endsWith('\n') ? text : `${text}\n`), interactive: true, env: {}, cwd: '/' };
  // Replays the escapes we use (cursor up N lines to column 0, clear to the end) onto a list of lines.
  const screen = () => {
    const lines: string[] = [];
    for (const part of written.split(/(\x1b\[\d+F\x1b\[J)/)) {
      const up = /^\x1b\[(\d+)F\x1b\[J$/.exec(part);
      if (up) lines.splice(lines.length - Number(up[1]));
      else lines.push(...part.split('\n').slice(0, -1));
    }
    return lines;
  };
  return { io, screen };
}

const runId = 'r';

describe('the terminal display', () => {
  it('shows a live bar per running call, and leaves a line for each finished one', () => {
    const { io, screen } = terminal();
    const display = terminalDisplay(io);
    const events: RunEvent[] = [
      { type: 'call-queued', runId, node: 'draft' },
      { type: 'call-queued', runId, node: 'other' },
      { type: 'call-starting', runId, node: 'draft', key: 'k', predictionId: 'p1' },
      { type: 'call-progress', runId, node: 'draft', percent: 50, step: 14, total: 28 },
      { type: 'call-progress', runId, node: 'other', percent: null, step: 7 },
    ];
    events.forEach((e) => display.onEvent(e));
    expect(screen()).toEqual([`  draft          ${progressBar(50, 14, 28)}`, `  other          ${progressBar(null, 7)}`]);
    expect(progressBar(50, 14, 28)).toBe('████████████░░░░░░░░░░░░  50%  14/28');
    expect(progressBar(null, 7)).toBe('░░░░░░░░░░░░░░░░░░░░░░░░  step 7');

    display.onEvent({ type: 'call-succeeded', runId, node: 'draft', key: 'k', predictionId: 'p1', outputs: [], predictTime: 2.5, cost: 0.0038 });
    expect(screen()).toEqual(['node draft: done (0 images, 2.5 s of GPU time, $0.0038)', `  other          ${progressBar(null, 7)}`]);
    display.onEvent({ type: 'call-failed', runId, node: 'other', error: 'the model failed: boom' });
    display.close();
    expect(screen()).toEqual(['node draft: done (0 images, 2.5 s of GPU time, $0.0038)', 'node other: the model failed: boom']);
  });

  it('says when a call picked up a prediction an earlier run left running, rather than paying again', () => {
    expect(eventLine({ type: 'call-starting', runId, node: 'draft', key: 'k', predictionId: 'p1', resumed: true })).toBe('node draft: resumed prediction p1, made by an earlier run that stopped (not paid again)');
    expect(eventLine({ type: 'call-starting', runId, node: 'draft', key: 'k', predictionId: 'p1' })).toBe('node draft: started prediction p1');
  });
});

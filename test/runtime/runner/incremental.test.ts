// What a user pays for when they edit and run again: exactly the calls downstream of the edit. Also
// "run to here", --no-cache, concurrency, and one upload per distinct image.
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../src/runtime/runner/events';
import { eventsOf, statusesOf, useRunnerSetup } from './setup';
import { PROMPTS, chainAndBranch, fanOut, sharedImage } from './workflows';

describe('running again after an edit', () => {
  const setup = useRunnerSetup();

  const createdPrompts = (s: Awaited<ReturnType<typeof setup>>) => s.emulator.log.predictionsCreated().map((p) => p.input.prompt);

  it('re-runs exactly the calls downstream of the edited param', async () => {
    const s = await setup();
    await s.run(await s.compile(chainAndBranch()));
    expect(createdPrompts(s)).toHaveLength(4);

    s.emulator.resetLog();
    const editedB = await s.run(await s.compile(chainAndBranch({ b: { prompt_strength: 0.6 } })));
    expect(statusesOf(editedB)).toEqual({ a: 'cached', b: 'succeeded', c: 'succeeded', d: 'cached' });
    expect(createdPrompts(s).sort()).toEqual([PROMPTS.b, PROMPTS.c].sort());

    s.emulator.resetLog();
    const editedA = await s.run(await s.compile(chainAndBranch({ a: { seed: 11 }, b: { prompt_strength: 0.6 } })));
    expect(statusesOf(editedA)).toEqual({ a: 'succeeded', b: 'succeeded', c: 'succeeded', d: 'cached' });
    expect(createdPrompts(s)).toHaveLength(3);

    // Back to the first graph: everything was cached on the way.
    s.emulator.resetLog();
    const back = await s.run(await s.compile(chainAndBranch()));
    expect(Object.values(statusesOf(back))).toEqual(['cached', 'cached', 'cached', 'cached']);
    expect(s.emulator.log.entries()).toEqual([]);
  });

  it('answers a call below a cache hit from the cache too, once its upstream outputs are known', async () => {
    const s = await setup();
    const plan = await s.compile(chainAndBranch());
    expect(plan.calls.find((c) => c.node === 'b')?.key).toBeNull();
    await s.run(plan);
    s.events.length = 0;
    const again = await s.run(await s.compile(chainAndBranch()));
    expect(statusesOf(again)).toEqual({ a: 'cached', b: 'cached', c: 'cached', d: 'cached' });
    const cachedKeys = eventsOf(s.events, 'call-cached') as Extract<RunEvent, { type: 'call-cached' }>[];
    expect(cachedKeys.map((e) => e.node).sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('"run to here" runs only the calls a node needs', async () => {
    const s = await setup();
    const result = await s.run(await s.compile(chainAndBranch()), { only: 'b' });
    expect(result.calls.map((c) => c.node)).toEqual(['a', 'b']);
    expect(createdPrompts(s).sort()).toEqual([PROMPTS.a, PROMPTS.b].sort());
  });

  it('--no-cache runs every call again', async () => {
    const s = await setup();
    const plan = await s.compile(chainAndBranch());
    await s.run(plan, { only: 'd' });
    s.emulator.resetLog();
    const again = await s.run(plan, { only: 'd', noCache: true });
    expect(statusesOf(again)).toEqual({ d: 'succeeded' });
    expect(s.emulator.log.predictionsCreated()).toHaveLength(1);
  });

  it('never runs more predictions at once than the concurrency allows', async () => {
    const s = await setup();
    s.emulator.setTiming({ queueDelayMs: 2, predictMs: 60 });
    await s.run(await s.compile(fanOut(6, 'six lighthouses')), { concurrency: 2 });
    // On the emulator's side: how many of these predictions existed unfinished at the same moment.
    const spans = s.emulator.predictions().filter((p) => p.input.prompt === 'six lighthouses').map((p) => [Date.parse(p.created_at), Date.parse(p.completed_at!)] as const);
    expect(spans).toHaveLength(6);
    const most = Math.max(...spans.map(([start]) => spans.filter(([from, to]) => from <= start && start < to).length));
    expect(most).toBe(2);
  });

  it('uploads one image used by several samplers once, and passes an upstream output by its fresh URL', async () => {
    const s = await setup();
    const result = await s.run(await s.compile(await sharedImage()));
    expect(statusesOf(result)).toEqual({ x: 'succeeded', y: 'succeeded' });
    expect(s.emulator.log.uploads()).toHaveLength(1);
    const [x, y] = s.emulator.log.predictionsCreated();
    expect(x?.input.image).toBe(y?.input.image);

    // An img2img chain: b reads a's output from the URL a's prediction just gave, nothing is uploaded.
    s.emulator.resetLog();
    await s.run(await s.compile(chainAndBranch()), { only: 'b' });
    expect(s.emulator.log.uploads()).toEqual([]);
    const b = s.emulator.log.predictionsCreated().find((p) => p.input.prompt === PROMPTS.b);
    expect(String(b?.input.image)).toContain('/delivery/');
  });

  it('does not upload again in a later run while the earlier upload is still valid', async () => {
    const s = await setup();
    await s.run(await s.compile(await sharedImage()));
    s.emulator.resetLog();
    const edited = await sharedImage();
    edited.nodes.find((n) => n.id === 'p')!.params.text = 'the same place at dawn';
    const other = s.newProvider();
    await s.run(await s.compile(edited), { provider: other });
    expect(s.emulator.log.predictionsCreated()).toHaveLength(2);
    expect(s.emulator.log.uploads()).toEqual([]);
  });
});

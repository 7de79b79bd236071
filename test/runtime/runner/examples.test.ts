// Every example workflow, end to end against the emulator through real HTTP: it runs, its outputs are
// real images in the cache, a second run costs no prediction at all, and embedded images are uploaded
// through the files API once each.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXAMPLES_DIR } from '../../helpers/temp-dir';
import { statusesOf, useRunnerSetup } from './setup';

describe('running the example workflows', () => {
  const setup = useRunnerSetup();

  const names = readdirSync(EXAMPLES_DIR).filter((file) => file.endsWith('.weft')).map((file) => file.slice(0, -'.weft'.length));

  it('finds the examples', () => expect(names.length).toBeGreaterThanOrEqual(4));

  for (const name of names) {
    it(`${name}: runs every call, then a second run is answered from the cache alone`, async () => {
      const s = await setup();
      const { plan } = await s.example(name);
      expect(plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);

      const first = await s.run(plan);
      expect(first.status).toBe('succeeded');
      expect(Object.values(statusesOf(first))).toEqual(plan.calls.map(() => 'succeeded'));
      expect(s.emulator.log.predictionsCreated()).toHaveLength(plan.calls.length);
      for (const call of first.calls) {
        expect(call.outputs.length).toBeGreaterThan(0);
        for (const output of call.outputs) {
          expect(await s.cache.blobs.verify(output.sha256)).toBe('ok');
          expect(output.width).toBeGreaterThan(0);
        }
      }
      const assets = Object.keys((await s.example(name)).workflow.assets);
      expect(s.emulator.log.uploads()).toHaveLength(assets.length);

      s.emulator.resetLog();
      const second = await s.run(plan);
      expect(second.status).toBe('succeeded');
      expect(Object.values(statusesOf(second))).toEqual(plan.calls.map(() => 'cached'));
      expect(second.calls.map((c) => c.outputs)).toEqual(first.calls.map((c) => c.outputs));
      expect(s.emulator.log.entries()).toEqual([]);
    });
  }
});

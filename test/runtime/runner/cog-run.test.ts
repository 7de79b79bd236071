// A whole workflow on a local Cog container: images go in as data URIs (nothing is uploaded), outputs
// come back as data URIs, GPU time costs nothing, and the results are cached like any others.
import { describe, expect, it } from 'vitest';
import { CogProvider } from '../../../src/runtime/providers/cog/cog-provider';
import { useFakeCog } from '../providers/fake-cog';
import { statusesOf, useRunnerSetup } from './setup';

describe('running on a Cog container', () => {
  const setup = useRunnerSetup();
  const fakeCog = useFakeCog();

  it('runs an img2img chain, passing the first output to the second call as a data URI', async () => {
    const s = await setup();
    const cog = await fakeCog();
    const { plan } = await s.example('text-to-image-then-img2img');
    const result = await s.run(plan, { provider: new CogProvider({ url: cog.url }) });
    expect(statusesOf(result)).toEqual({ draft: 'succeeded', paint: 'succeeded' });
    expect(result.totals).toMatchObject({ ran: 2, predictTime: 3, cost: 0 });
    const paintInput = (cog.bodies[1] as { input: { image: string } }).input.image;
    expect(paintInput).toMatch(/^data:image\/png;base64,/);
    expect(Buffer.from(paintInput.split(',')[1]!, 'base64').equals(await s.cache.blobs.read(result.calls[0]!.outputs[0]!.sha256))).toBe(true);
    expect((await s.cache.get(result.calls[1]!.key!))?.prediction.provider).toBe('cog');

    const again = await s.run(plan, { provider: new CogProvider({ url: cog.url }) });
    expect(statusesOf(again)).toEqual({ draft: 'cached', paint: 'cached' });
    expect(cog.bodies).toHaveLength(2);
  });
});

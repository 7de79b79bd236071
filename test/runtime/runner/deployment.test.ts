// A sampler with a deployment runs on the user's Replicate deployment instead of the public model, and a
// deployment serving another version than the sampler's is refused rather than cached under a wrong key.
import { describe, expect, it } from 'vitest';
import { workflow } from '../../helpers/build-workflow';
import { DEFAULT_DEPLOYMENT } from '../../emulator/index';
import { useRunnerSetup } from './setup';

const setup = useRunnerSetup();

const withDeployment = (deployment: string, extra: Record<string, unknown> = {}) =>
  workflow({ p: ['prompt', { text: 'a lighthouse' }], s: ['sampler', { seed: 4, megapixels: '0.25', deployment, ...extra }] }, ['p.prompt>s.prompt']);

describe('a sampler on a Replicate deployment', () => {
  it('creates its prediction on the deployment, and caches it like any call', async () => {
    const s = await setup();
    const plan = await s.compile(withDeployment(DEFAULT_DEPLOYMENT));
    expect(plan.calls[0]).toMatchObject({ node: 's', deployment: DEFAULT_DEPLOYMENT });
    const first = await s.run(plan);
    expect(first.status).toBe('succeeded');
    expect(s.emulator.log.filter('deployments.predictions.create')).toHaveLength(1);
    expect(s.emulator.log.filter('predictions.create')).toHaveLength(0);
    const again = await s.run(plan);
    expect(again.calls[0]!.status).toBe('cached');
  });

  it('refuses a deployment that serves another version than the sampler uses', async () => {
    const s = await setup();
    // The sampler names a fine-tune; the deployment serves the base model's version.
    const plan = await s.compile(withDeployment(DEFAULT_DEPLOYMENT, { fine_tune: `weft-test/flux-fine-tune:${'3'.repeat(64)}` }));
    const result = await s.run(plan);
    expect(result.calls[0]).toMatchObject({ status: 'failed' });
    expect(result.calls[0]!.error).toMatch(/^deployment weft-test\/flux-thoth-deployment runs version 9b7dd5e22227…, not 333333333333… that this sampler uses/);
    expect(await s.cache.get(plan.calls[0]!.key!)).toBeNull();
  });

  it('says what a malformed deployment name should be', async () => {
    const s = await setup();
    const plan = await s.compile(withDeployment('just-a-name'));
    expect(plan.calls).toEqual([]);
    expect(plan.diagnostics).toEqual([expect.objectContaining({ node: 's', param: 'deployment', code: 'deployment-invalid' })]);
  });
});

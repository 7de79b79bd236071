// Provenance pins the seed a call used on its node, so re-running is exact; a model node whose model takes
// no seed must not gain a `seed` param it does not have.
import { describe, expect, it } from 'vitest';
import { buildProvenance } from '../../../src/runtime/provenance';
import { compileTest } from '../../helpers/build-workflow';
import { withModels } from '../../engine/model-nodes/fixtures';
import { FLUX_FINE_TUNE } from '../../emulator/index';

describe('provenance of a model node', () => {
  it('pins a drawn seed on a model that takes one, and adds none to a call that sent no seed', () => {
    const wf = withModels({ m: ['model', { prompt: 'a fox' }] }, [], { m: FLUX_FINE_TUNE });
    const plan = compileTest(wf);
    const pinned = buildProvenance({ workflow: wf, calls: plan.calls, call: plan.calls[0]!, index: 0, weftVersion: '0.1.0' });
    expect(pinned.workflow.nodes[0]!.params).toEqual({ prompt: 'a fox', seed: 1001 });

    const { seed: _seed, ...seedless } = plan.calls[0]!.input;
    const call = { ...plan.calls[0]!, input: seedless, seed: 0 };
    const untouched = buildProvenance({ workflow: wf, calls: [call], call, index: 0, weftVersion: '0.1.0' });
    expect(untouched.workflow.nodes[0]!.params).toEqual({ prompt: 'a fox' });
  });
});

// Exported scripts make a Plan's calls, so a prompt wired into a model node reaches them as the value sent,
// never the param it overrides: the same script as for the text typed into the node.
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, exportPlan, scriptSteps } from '../../../src/engine';
import { compileTest } from '../../helpers/build-workflow';
import { EMULATOR_MODELS, withModels } from '../model-nodes/fixtures';

const FINE_TUNE = EMULATOR_MODELS['flux-fine-tune'];
const TEXT = 'a "quoted" fox, back\\slash';
const options = { imageFile: () => undefined };

describe('exporting a model node fed by a prompt node', () => {
  const wired = compileTest(withModels({ p: ['prompt', { text: TEXT }], m: ['model', { prompt: 'typed, overridden', seed: 4 }] }, ['p.prompt>m.prompt'], { m: FINE_TUNE }));
  const typed = compileTest(withModels({ m: ['model', { prompt: TEXT, seed: 4 }] }, [], { m: FINE_TUNE }));

  it('sends the wired text as the input', () => {
    expect(wired.diagnostics).toEqual([]);
    const [step] = scriptSteps(wired, options);
    expect(step!.input.find(([key]) => key === 'prompt')).toEqual(['prompt', { kind: 'value', value: TEXT }]);
  });

  it.each(EXPORT_FORMATS)('%s: carries the wired text, and is the script of the same text typed into the node', (format) => {
    const script = exportPlan(wired, format, options);
    expect(script).toContain(`"prompt": ${JSON.stringify(TEXT)}`);
    expect(script).not.toContain('typed, overridden');
    expect(script).toBe(exportPlan(typed, format, options));
  });

  it('exports one step per value of a swept prompt', () => {
    const swept = compileTest(withModels({ p: ['prompt', { text: { $sweep: ['a fox', 'a hare'] } }], m: ['model', { seed: 4 }] }, ['p.prompt>m.prompt'], { m: FINE_TUNE }));
    const steps = scriptSteps(swept, options);
    expect(steps.map((s) => [s.name, s.input.find(([key]) => key === 'prompt')?.[1]])).toEqual([
      ['step_m_1', { kind: 'value', value: 'a fox' }],
      ['step_m_2', { kind: 'value', value: 'a hare' }],
    ]);
    expect(exportPlan(swept, 'python', options)).toContain('"prompt": "a hare"');
  });
});

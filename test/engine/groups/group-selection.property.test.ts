// Property: grouping any selection of any graph, and ungrouping it again, never changes what the graph
// compiles to: the same calls with the same keys (ids prefixed by the group node while grouped), and the
// same kinds of problems. Graphs are drawn as a user wires them (prompts, LoRA chains, img2img from a file
// or an earlier sampler, outputs), with sweeps, now and then a broken wire, in any order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../../nodes';
import { compile, groupSelection, ungroup, type CompileEnv, type Plan, type Workflow, type WorkflowEdge, type WorkflowNode } from '../../../src/engine';
import { SHA_A } from '../../helpers/build-workflow';
import { comparableCalls, ungroupedId } from './fixtures';

const seedArb = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 1000 }) }, { weight: 1, arbitrary: fc.constant({ $sweep: [1, 2] }) });

/** One sampler and what feeds it: its own prompt or the shared one, a LoRA chain, an image (a file or an earlier sampler). */
const partArb = fc.record({
  ownPrompt: fc.boolean(),
  sweptPrompt: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  loras: fc.integer({ min: 0, max: 2 }),
  image: fc.constantFrom('none', 'asset', 'upstream'),
  seed: seedArb,
  numOutputs: fc.constantFrom(1, 2),
  toOutput: fc.boolean(),
});

const noiseArb = fc.record({ from: fc.nat(30), to: fc.nat(30), out: fc.nat(3), in: fc.nat(5), badPort: fc.boolean() });

/** Graphs that mostly compile (so there are calls to compare), with some broken wires, in shuffled order. */
const graphArb: fc.Arbitrary<Workflow> = fc
  .record({
    parts: fc.array(partArb, { minLength: 1, maxLength: 3 }),
    noise: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(noiseArb, { minLength: 1, maxLength: 2 }) }),
    nodeOrder: fc.nat(),
    edgeOrder: fc.nat(),
  })
  .map(({ parts, noise, nodeOrder, edgeOrder }) => {
    const nodes: WorkflowNode[] = [];
    const edges: WorkflowEdge[] = [];
    const add = (type: string, params: Record<string, unknown>) => {
      const id = `n${nodes.length}`;
      nodes.push({ id, type, position: { x: nodes.length * 37 - 100, y: (nodes.length * 53) % 200 }, params });
      return id;
    };
    const wire = (from: string, out: string, to: string, input: string) => edges.push({ id: `e${edges.length}`, from: { node: from, port: out }, to: { node: to, port: input } });
    const shared = add('prompt', { text: 'a lighthouse' });
    const output = add('output', {});
    const samplers: string[] = [];
    for (const part of parts) {
      const sampler = add('sampler', { seed: part.seed, num_outputs: part.numOutputs, prompt_strength: 0.6 });
      const prompt = part.ownPrompt ? add('prompt', { text: part.sweptPrompt ? { $sweep: ['a fox', 'a hare'] } : 'a fox' }) : shared;
      wire(prompt, 'prompt', sampler, 'prompt');
      let lora: string | undefined;
      for (let i = 0; i < part.loras; i++) {
        const next = add('lora', { source: i ? 'huggingface.co/a/b' : 'fofr/flux-pixar-cars', scale: 0.7 });
        if (lora) wire(lora, 'lora', next, 'lora');
        lora = next;
      }
      if (lora) wire(lora, 'lora', sampler, 'lora');
      if (part.image === 'asset') wire(add('image', { asset: SHA_A }), 'image', sampler, 'image');
      if (part.image === 'upstream' && samplers.length) wire(samplers[samplers.length - 1]!, 'image', sampler, 'image');
      if (part.toOutput) wire(sampler, 'images', output, 'images');
      samplers.push(sampler);
    }
    for (const n of noise) {
      const from = nodes[n.from % nodes.length]!;
      const to = nodes[n.to % nodes.length]!;
      const outputs = catalog.get(from.type)!.outputs;
      const inputs = catalog.get(to.type)!.inputs;
      if (!outputs.length || !inputs.length) continue;
      wire(from.id, n.badPort ? 'nope' : outputs[n.out % outputs.length]!.name, to.id, inputs[n.in % inputs.length]!.name);
    }
    return { format: 'weft-workflow' as const, version: 1 as const, nodes: rotate(nodes, nodeOrder), edges: rotate(edges, edgeOrder), assets: {} };
  });

/** The list turned by `by` places: file order is the user's, and nothing may depend on it. */
function rotate<T>(list: T[], by: number): T[] {
  const k = list.length ? by % list.length : 0;
  return [...list.slice(k), ...list.slice(0, k)];
}

const selectionArb = (wf: Workflow) => fc.subarray(wf.nodes.map((n) => n.id), { minLength: 1 });

const env = (): CompileEnv => ({ randomSeed: () => 4242, image: (source) => (source.kind === 'asset' ? { sha256: source.sha256, width: 640, height: 480 } : undefined) });
const compiled = (wf: Workflow): Plan => compile(wf, catalog, env());
/** The kinds of problems a plan reports, as a sorted list: grouping must neither add nor hide one. */
const problemKinds = (plan: Plan) => plan.diagnostics.map((d) => `${d.severity}:${d.code}`).sort();

describe('grouping a selection', () => {
  it('compiles to the same calls and keys, grouped, nested, and ungrouped again', () => {
    fc.assert(
      fc.property(
        graphArb.chain((wf) => fc.tuple(fc.constant(wf), selectionArb(wf))),
        fc.nat(),
        ([flat, selection], second) => {
          const expected = compiled(flat);
          const once = groupSelection(flat, selection, 'Part');
          if (!once.ok) throw new Error(once.error);
          const grouped = compiled(once.workflow);
          expect(comparableCalls(grouped, ungroupedId)).toEqual(comparableCalls(expected));
          expect(problemKinds(grouped)).toEqual(problemKinds(expected));
          // Every call made inside the group belongs to the group node on the canvas.
          for (const call of grouped.calls) expect(call.source).toBe(call.node.startsWith(`${once.groupNodeId}/`) ? once.groupNodeId : call.node.split('#')[0]);

          // A second selection that takes the group node with it nests the first group in a new one.
          const ids = once.workflow.nodes.map((n) => n.id);
          const nestedSelection = [once.groupNodeId, ...ids.filter((_, i) => (second >> i) & 1)];
          const twice = groupSelection(once.workflow, nestedSelection, 'Part');
          if (!twice.ok) throw new Error(twice.error);
          const nested = compiled(twice.workflow);
          expect(comparableCalls(nested, ungroupedId)).toEqual(comparableCalls(expected));
          expect(problemKinds(nested)).toEqual(problemKinds(expected));

          const back = ungroup(once.workflow, once.groupNodeId);
          if (!back.ok) throw new Error(back.error);
          expect(back.workflow.groups).toBeUndefined();
          expect([...back.workflow.nodes.map((n) => n.id)].sort()).toEqual([...flat.nodes.map((n) => n.id)].sort());
          // Positions come back exactly: the group keeps them relative to the group node.
          for (const node of flat.nodes) expect(back.workflow.nodes.find((n) => n.id === node.id)!.position).toEqual(node.position);
          const restored = compiled(back.workflow);
          expect(comparableCalls(restored)).toEqual(comparableCalls(expected));
          expect(problemKinds(restored)).toEqual(problemKinds(expected));
        },
      ),
      { numRuns: 150 },
    );
  });
});

// Workflow -> Plan. Pure: no I/O, never throws on user data. Every problem becomes a located diagnostic
// and stops only the nodes it touches and their dependents; the rest of the graph still compiles.
import type { CompileEnv } from '../compile-env';
import type { Diagnostic } from '../diagnostics';
import { dependencyOrder, indexGraph } from '../graph';
import { estimateCall } from '../models/cost';
import { nodeDefinitions, type NodeLookup } from '../model-nodes/node-definitions';
import type { Catalog, CallDraft, Evaluation, GridLayout, NodeDefinition, NodeInfo, OutputSink } from '../node-definition';
import { paramsSchema } from '../params';
import { connectionRefusal, describePortType } from '../ports';
import { axesOf, combinations, consistent, labelAt, MAX_VARIANTS_PER_NODE, paramsAt, type AxisPosition } from '../sweeps';
import type { Value } from '../values';
import type { Workflow, WorkflowEdge, WorkflowNode } from '../workflow/schema';
import { attributeToCanvas } from '../groups/canvas-diagnostics';
import { expandGroups } from '../groups/expand';
import { callKey, imageRefsOf } from './keys';
import type { Plan, PlannedCall } from './plan';

/** One way a node evaluates: a single one, or one per combination of the sweeps reaching it. */
interface Variant {
  position: AxisPosition;
  labels: string[];
  outputs: Record<string, Value>;
}

type Outcome = { ok: true; variants: Variant[] } | { ok: false; root: string; why: 'errors' | 'unknown-type' | 'cycle' };

export function compile(workflow: Workflow, catalog: Catalog, env: CompileEnv): Plan {
  // Groups are sugar: compile their flat expansion, then report every call and problem on the canvas node.
  const groups = expandGroups(workflow);
  return attributeToCanvas(compileFlat(groups.workflow, catalog, env, groups.blocked), groups);
}

/** Compiles a workflow without group nodes; `blocked` nodes (groups that cannot expand) count as having errors. */
function compileFlat(workflow: Workflow, catalog: Catalog, env: CompileEnv, blocked: ReadonlySet<string>): Plan {
  const diagnostics: Diagnostic[] = [];
  // The catalog's node types, plus a definition for each `model` node built from the schema the workflow stores.
  const definitionOf = nodeDefinitions(workflow, catalog);
  const { kept: edges, brokenTargets, crowded } = checkEdges(workflow, definitionOf, diagnostics);
  const index = indexGraph(workflow, edges);
  const { order, cycles } = dependencyOrder(index);

  const outcomes = new Map<string, Outcome>();
  for (const id of blocked) outcomes.set(id, { ok: false, root: id, why: 'errors' });
  for (const cycle of cycles) {
    const loop = [...cycle, cycle[0]].join(' → ');
    for (const id of cycle) {
      outcomes.set(id, { ok: false, root: id, why: 'cycle' });
      diagnostics.push({ severity: 'error', code: 'cycle', node: id, message: `is part of a cycle (${loop}): remove one of these connections` });
    }
  }

  const drafts: { node: string; source: string; variant?: PlannedCall['variant']; draft: CallDraft; size?: NodeInfo['outputSize'] }[] = [];
  const sinks: OutputSink[] = [];
  const grids: GridLayout[] = [];
  const infos: Record<string, NodeInfo> = {};

  for (const id of order) {
    if (outcomes.has(id)) continue;
    const node = index.nodes.get(id)!;
    const incoming = index.incoming.get(id) ?? [];
    const blocker = incoming.map((e) => outcomes.get(e.from.node)).find((o): o is Extract<Outcome, { ok: false }> => !!o && !o.ok);
    const lookup = definitionOf(node);
    if (lookup && 'problem' in lookup) {
      diagnostics.push({ severity: 'error', code: lookup.problem.code, node: id, message: lookup.problem.message });
      outcomes.set(id, { ok: false, root: id, why: 'errors' });
      continue;
    }
    const definition = lookup?.definition;
    if (!definition) {
      diagnostics.push({
        severity: 'warning',
        code: 'unknown-type',
        node: id,
        message: `has the unknown type "${node.type}" (made by a newer Weft or a plugin?): it is kept and saved back unchanged, but takes no part in a run`,
      });
      outcomes.set(id, { ok: false, root: id, why: 'unknown-type' });
      continue;
    }
    if (blocker) {
      const reason = blocker.why === 'unknown-type' ? 'has an unknown type' : blocker.why === 'cycle' ? 'is part of a cycle' : 'has errors';
      diagnostics.push({ severity: 'error', code: 'upstream-error', node: id, message: `is blocked: node ${blocker.root} ${reason}` });
      outcomes.set(id, { ok: false, root: blocker.root, why: blocker.why });
      continue;
    }
    // A crowded input has no one value: it is evaluated as unwired (without saying so twice), whatever the edges' order.
    const crowdedPorts = new Set(incoming.filter((e) => crowded.has(slotOf(e))).map((e) => e.to.port));
    const evaluated = incoming.filter((e) => !crowdedPorts.has(e.to.port));
    const expanded = expandNode(node, definition, evaluated, outcomes, workflow, env, crowdedPorts);
    diagnostics.push(...expanded.diagnostics);
    // A broken edge means the node would not run as the user wired it: better no call than the wrong one.
    // It is still evaluated above, so the user sees all of its problems at once.
    if (!expanded.variants || brokenTargets.has(id)) {
      outcomes.set(id, { ok: false, root: id, why: 'errors' });
      continue;
    }
    outcomes.set(id, { ok: true, variants: expanded.variants.map(({ position, labels, evaluation }) => ({ position, labels, outputs: evaluation.outputs ?? {} })) });
    const first = expanded.variants[0]?.evaluation.info;
    if (first) infos[id] = first;
    for (const { callId, position, labels, evaluation } of expanded.variants) {
      const { call, sink, grid, info } = evaluation;
      if (grid) grids.push(grid);
      const variant = expanded.variants.length > 1 ? { position, label: labels.join(', ') } : undefined;
      if (call) drafts.push({ node: callId, source: id, ...(variant ? { variant } : {}), draft: call, ...(info?.outputSize ? { size: info.outputSize } : {}) });
      if (sink) sinks.push(sink);
    }
  }

  // Nodes neither ordered nor on a cycle sit behind one: say which cycle holds them up.
  for (const node of workflow.nodes) {
    if (outcomes.has(node.id)) continue;
    diagnostics.push({ severity: 'error', code: 'upstream-error', node: node.id, message: 'is blocked: it depends on a cycle' });
  }

  const calls: PlannedCall[] = drafts.map(({ node, source, variant, draft, size }) => ({
    node,
    source,
    ...(variant ? { variant } : {}),
    model: draft.model,
    version: draft.version,
    input: draft.input,
    after: [...new Set(imageRefsOf(draft.input).flatMap((ref) => ('output' in ref ? [ref.output.node] : [])))],
    key: callKey(draft),
    seed: draft.seed,
    randomSeed: draft.randomSeed,
    ...(draft.deployment ? { deployment: draft.deployment } : {}),
    estimate: estimateCall(draft.input, size),
  }));
  return { calls, diagnostics, outputs: sinks, grids, nodes: infos };
}

interface InputCombination {
  position: AxisPosition;
  labels: string[];
  inputs: Record<string, Value[]>;
}

/**
 * The combinations of upstream variants a node evaluates with. A single-edge input takes one upstream
 * variant at a time (so the node expands along the upstream's sweeps); an input that takes many edges (the
 * output node's) gathers every variant at once. Variants that disagree on a shared axis never meet.
 */
function inputCombinations(definition: NodeDefinition, incoming: readonly WorkflowEdge[], outcomes: ReadonlyMap<string, Outcome>): InputCombination[] {
  let combos: InputCombination[] = [{ position: {}, labels: [], inputs: {} }];
  // In the order of the node's ports, not of the file's edges: a node's variants (`s#1`, `s#2`...) are
  // then numbered alike however its edges were drawn, grouped or not.
  const rank = (edge: WorkflowEdge) => definition.inputs.findIndex((p) => p.name === edge.to.port);
  for (const edge of [...incoming].sort((a, b) => rank(a) - rank(b))) {
    const upstream = outcomes.get(edge.from.node);
    if (!upstream?.ok) continue;
    const values = upstream.variants.flatMap((v) => (v.outputs[edge.from.port] ? [{ ...v, value: v.outputs[edge.from.port]! }] : []));
    const gathers = definition.inputs.find((p) => p.name === edge.to.port)?.multiple === true;
    if (gathers) {
      // Gathered values keep their place among the sweeps, so a grid can lay them out.
      const tagged = values.map((v) => (v.labels.length && (v.value.kind === 'image' || v.value.kind === 'images') ? { ...v.value, sweep: { position: v.position, labels: v.labels } } : v.value));
      combos = combos.map((c) => ({ ...c, inputs: { ...c.inputs, [edge.to.port]: [...(c.inputs[edge.to.port] ?? []), ...tagged] } }));
      continue;
    }
    const next: InputCombination[] = [];
    for (const combo of combos) {
      for (const v of values) {
        if (!consistent(combo.position, v.position)) continue;
        next.push({
          position: { ...combo.position, ...v.position },
          labels: [...combo.labels, ...v.labels.filter((l) => !combo.labels.includes(l))],
          inputs: { ...combo.inputs, [edge.to.port]: [...(combo.inputs[edge.to.port] ?? []), v.value] },
        });
      }
    }
    combos = next;
  }
  return combos;
}

interface ExpandedVariant {
  callId: string;
  position: AxisPosition;
  labels: string[];
  evaluation: Evaluation;
}

/** Evaluates a node once per combination of its own sweeps and those arriving from upstream. */
function expandNode(
  node: WorkflowNode,
  definition: NodeDefinition,
  incoming: readonly WorkflowEdge[],
  outcomes: ReadonlyMap<string, Outcome>,
  workflow: Workflow,
  env: CompileEnv,
  crowdedPorts: ReadonlySet<string>,
): { diagnostics: Diagnostic[]; variants?: ExpandedVariant[] } {
  const diagnostics: Diagnostic[] = [];
  const params = node.params ?? {};
  const { axes, problems } = axesOf(node.id, params);
  for (const problem of problems) diagnostics.push({ severity: 'error', code: 'sweep-invalid', node: node.id, param: problem.param, message: problem.message });
  if (problems.length) return { diagnostics };

  const plan: { position: AxisPosition; labels: string[]; inputs: Record<string, Value[]>; params: Record<string, unknown> }[] = [];
  for (const combo of inputCombinations(definition, incoming, outcomes)) {
    for (const own of combinations(axes)) {
      if (!consistent(combo.position, own)) continue;
      const position = { ...combo.position, ...own };
      plan.push({ position, labels: [...combo.labels, ...labelAt(axes, own)], inputs: combo.inputs, params: paramsAt(params, axes, position) });
    }
  }
  if (plan.length > MAX_VARIANTS_PER_NODE) {
    diagnostics.push({ severity: 'error', code: 'sweep-too-large', node: node.id, message: `sweeps expand to ${plan.length} calls here, more than the ${MAX_VARIANTS_PER_NODE} Weft runs from one node: shorten a list` });
    return { diagnostics };
  }
  if (plan.length === 0) {
    // Every upstream variant was ruled out (zipped sweeps that never line up): nothing would run.
    diagnostics.push({ severity: 'error', code: 'sweep-empty', node: node.id, message: 'no combination of the sweeps reaching it lines up: check the zip groups upstream' });
    return { diagnostics };
  }

  const seen = new Set<string>();
  const variants: ExpandedVariant[] = [];
  let failed = false;
  plan.forEach((variant, k) => {
    const callId = plan.length === 1 ? node.id : `${node.id}#${k + 1}`;
    const result = evaluateNode(node, definition, variant.params, variant.inputs, workflow, env, callId, crowdedPorts);
    for (const d of result.diagnostics) {
      // Each variant reports the same mistakes; say each once.
      const id = `${d.severity}|${d.code}|${d.param ?? ''}|${d.port ?? ''}|${d.message}`;
      if (!seen.has(id)) {
        seen.add(id);
        diagnostics.push(d);
      }
    }
    if (!result.evaluation) failed = true;
    else variants.push({ callId, position: variant.position, labels: variant.labels, evaluation: result.evaluation });
  });
  return failed ? { diagnostics } : { diagnostics, variants };
}

function evaluateNode(
  node: WorkflowNode,
  definition: NodeDefinition,
  params: Record<string, unknown>,
  inputs: Record<string, Value[]>,
  workflow: Workflow,
  env: CompileEnv,
  callId: string,
  crowdedPorts: ReadonlySet<string>,
): { diagnostics: Diagnostic[]; evaluation?: Evaluation } {
  const diagnostics: Diagnostic[] = [];
  for (const port of definition.inputs) {
    if (!port.optional && !inputs[port.name]?.length && !crowdedPorts.has(port.name)) {
      diagnostics.push({
        severity: 'error',
        code: 'input-missing',
        node: node.id,
        port: port.name,
        message: `nothing is connected: connect ${describePortType(port.type)}`,
      });
    }
  }

  const parsed = paramsSchema(definition.params).safeParse(params);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const param = String(issue.path[0] ?? '');
      const spec = definition.params[param];
      const missing = issue.code === 'invalid_type' && params[param] === undefined;
      diagnostics.push({
        severity: 'error',
        code: 'param-invalid',
        node: node.id,
        param,
        message: missing ? `is missing${spec ? `: ${spec.label.toLowerCase()} is required` : ''}` : issue.message,
      });
    }
  }
  for (const name of Object.keys(params)) {
    if (!(name in definition.params)) {
      diagnostics.push({ severity: 'warning', code: 'param-unknown', node: node.id, param: name, message: `is not a param of ${definition.type} nodes: it is kept in the file and ignored` });
    }
  }
  if (diagnostics.some((d) => d.severity === 'error') || !parsed.success) return { diagnostics };

  let failed = false;
  try {
    const evaluation = definition.evaluate({
      nodeId: node.id,
      callId,
      params: parsed.data,
      explicitParams: new Set(Object.keys(params)),
      inputs,
      crowdedInputs: crowdedPorts,
      assets: workflow.assets,
      env,
      diagnose: (d) => {
        if (d.severity === 'error') failed = true;
        diagnostics.push({ ...d, node: node.id });
      },
    });
    return failed ? { diagnostics } : { diagnostics, evaluation };
  } catch (error) {
    // A node's evaluate throwing is a bug in Weft, not in the user's file: report it on the node, go on.
    diagnostics.push({ severity: 'error', code: 'internal', node: node.id, message: `could not be compiled (a bug in Weft): ${error instanceof Error ? error.message : String(error)}` });
    return { diagnostics };
  }
}

const slotOf = (edge: WorkflowEdge) => `${edge.to.node}\u0000${edge.to.port}`;

/**
 * Drops edges that cannot carry a value (missing node or port, wrong type), with a diagnostic each, and
 * names the nodes such edges point at: those nodes do not compile. Several edges into a single input are
 * all kept, so that cycles through any of them are found whatever the file's edge order, and the input is
 * named `crowded`: it is reported once per extra edge and evaluated as if unwired.
 */
function checkEdges(
  workflow: Workflow,
  definitionOf: (node: WorkflowNode) => NodeLookup,
  diagnostics: Diagnostic[],
): { kept: WorkflowEdge[]; brokenTargets: Set<string>; crowded: Set<string> } {
  // A node without a definition (unknown type, unreadable model) cannot say what its ports are: its edges are kept unchecked.
  const definitionFor = (node: WorkflowNode) => {
    const lookup = definitionOf(node);
    return lookup && 'definition' in lookup ? lookup.definition : undefined;
  };
  const nodes = new Map(workflow.nodes.map((n) => [n.id, n] as const));
  const taken = new Map<string, string>();
  const kept: WorkflowEdge[] = [];
  const brokenTargets = new Set<string>();
  const crowded = new Set<string>();
  for (const edge of workflow.edges) {
    const from = nodes.get(edge.from.node);
    const to = nodes.get(edge.to.node);
    const report = (code: string, message: string) => {
      if (to) brokenTargets.add(to.id);
      diagnostics.push({ severity: 'error', code, edge: edge.id, ...(to ? { node: to.id, port: edge.to.port } : {}), message });
    };
    if (!from) {
      report('edge-dangling', `node ${edge.from.node} does not exist`);
      continue;
    }
    if (!to) {
      report('edge-dangling', `node ${edge.to.node} does not exist`);
      continue;
    }
    const fromDef = definitionFor(from);
    const toDef = definitionFor(to);
    const output = fromDef?.outputs.find((p) => p.name === edge.from.port);
    const input = toDef?.inputs.find((p) => p.name === edge.to.port);
    if (fromDef && !output) {
      report('edge-port', `node ${from.id} (${from.type}) has no output "${edge.from.port}"`);
      continue;
    }
    if (toDef && !input) {
      report('edge-port', `node ${to.id} (${to.type}) has no input "${edge.to.port}"`);
      continue;
    }
    if (output && input) {
      const refusal = connectionRefusal(output.type, input);
      if (refusal) {
        report('edge-type', refusal);
        continue;
      }
      const slot = slotOf(edge);
      const first = taken.get(slot);
      if (first !== undefined && !input.multiple) {
        report('edge-duplicate', `${input.label} of node ${to.id} already takes edge ${first}: an input has one connection`);
        crowded.add(slot);
      } else taken.set(slot, edge.id);
    }
    kept.push(edge);
  }
  return { kept, brokenTargets, crowded };
}

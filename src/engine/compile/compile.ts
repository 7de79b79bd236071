// Workflow -> Plan. Pure: no I/O, never throws on user data. Every problem becomes a located diagnostic
// and stops only the nodes it touches and their dependents; the rest of the graph still compiles.
import type { CompileEnv } from '../compile-env';
import type { Diagnostic } from '../diagnostics';
import { dependencyOrder, indexGraph } from '../graph';
import { estimateCall } from '../models/cost';
import type { Catalog, CallDraft, NodeDefinition, NodeInfo, OutputSink } from '../node-definition';
import { paramsSchema } from '../params';
import { connectionRefusal, describePortType } from '../ports';
import type { Value } from '../values';
import type { Workflow, WorkflowEdge, WorkflowNode } from '../workflow/schema';
import { callKey, imageRefsOf } from './keys';
import type { Plan, PlannedCall } from './plan';

type Outcome = { ok: true; outputs: Record<string, Value> } | { ok: false; root: string; why: 'errors' | 'unknown-type' | 'cycle' };

export function compile(workflow: Workflow, catalog: Catalog, env: CompileEnv): Plan {
  const diagnostics: Diagnostic[] = [];
  const { kept: edges, brokenTargets } = checkEdges(workflow, catalog, diagnostics);
  const index = indexGraph(workflow, edges);
  const { order, cycles } = dependencyOrder(index);

  const outcomes = new Map<string, Outcome>();
  for (const cycle of cycles) {
    const loop = [...cycle, cycle[0]].join(' → ');
    for (const id of cycle) {
      outcomes.set(id, { ok: false, root: id, why: 'cycle' });
      diagnostics.push({ severity: 'error', code: 'cycle', node: id, message: `is part of a cycle (${loop}): remove one of these connections` });
    }
  }

  const drafts: { node: string; draft: CallDraft; size?: NodeInfo['outputSize'] }[] = [];
  const sinks: OutputSink[] = [];
  const infos: Record<string, NodeInfo> = {};

  for (const id of order) {
    const node = index.nodes.get(id)!;
    const incoming = index.incoming.get(id) ?? [];
    const blocker = incoming.map((e) => outcomes.get(e.from.node)).find((o): o is Extract<Outcome, { ok: false }> => !!o && !o.ok);
    const definition = catalog.get(node.type);
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
    const result = evaluateNode(node, definition, incoming, outcomes, workflow, env);
    diagnostics.push(...result.diagnostics);
    // A broken edge means the node would not run as the user wired it: better no call than the wrong one.
    // It is still evaluated above, so the user sees all of its problems at once.
    if (!result.evaluation || brokenTargets.has(id)) {
      outcomes.set(id, { ok: false, root: id, why: 'errors' });
      continue;
    }
    const { outputs, call, sink, info } = result.evaluation;
    outcomes.set(id, { ok: true, outputs: outputs ?? {} });
    if (info) infos[id] = info;
    if (call) drafts.push({ node: id, draft: call, ...(info?.outputSize ? { size: info.outputSize } : {}) });
    if (sink) sinks.push(sink);
  }

  // Nodes neither ordered nor on a cycle sit behind one: say which cycle holds them up.
  for (const node of workflow.nodes) {
    if (outcomes.has(node.id)) continue;
    diagnostics.push({ severity: 'error', code: 'upstream-error', node: node.id, message: 'is blocked: it depends on a cycle' });
  }

  const calls: PlannedCall[] = drafts.map(({ node, draft, size }) => ({
    node,
    model: draft.model,
    version: draft.version,
    input: draft.input,
    after: [...new Set(imageRefsOf(draft.input).flatMap((ref) => ('output' in ref ? [ref.output.node] : [])))],
    key: callKey(draft),
    seed: draft.seed,
    randomSeed: draft.randomSeed,
    estimate: estimateCall(draft.input, size),
  }));
  return { calls, diagnostics, outputs: sinks, nodes: infos };
}

function evaluateNode(
  node: WorkflowNode,
  definition: NodeDefinition,
  incoming: readonly WorkflowEdge[],
  outcomes: ReadonlyMap<string, Outcome>,
  workflow: Workflow,
  env: CompileEnv,
): { diagnostics: Diagnostic[]; evaluation?: ReturnType<NodeDefinition['evaluate']> } {
  const diagnostics: Diagnostic[] = [];
  const inputs: Record<string, Value[]> = {};
  for (const edge of incoming) {
    const upstream = outcomes.get(edge.from.node);
    const value = upstream?.ok ? upstream.outputs[edge.from.port] : undefined;
    if (value) (inputs[edge.to.port] ??= []).push(value);
  }
  for (const port of definition.inputs) {
    if (!port.optional && !inputs[port.name]?.length) {
      diagnostics.push({
        severity: 'error',
        code: 'input-missing',
        node: node.id,
        port: port.name,
        message: `nothing is connected: connect ${describePortType(port.type)}`,
      });
    }
  }

  const parsed = paramsSchema(definition.params).safeParse(node.params ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const param = String(issue.path[0] ?? '');
      const spec = definition.params[param];
      const missing = issue.code === 'invalid_type' && (node.params ?? {})[param] === undefined;
      diagnostics.push({
        severity: 'error',
        code: 'param-invalid',
        node: node.id,
        param,
        message: missing ? `is missing${spec ? `: ${spec.label.toLowerCase()} is required` : ''}` : issue.message,
      });
    }
  }
  for (const name of Object.keys(node.params ?? {})) {
    if (!(name in definition.params)) {
      diagnostics.push({ severity: 'warning', code: 'param-unknown', node: node.id, param: name, message: `is not a param of ${definition.type} nodes: it is kept in the file and ignored` });
    }
  }
  if (diagnostics.some((d) => d.severity === 'error') || !parsed.success) return { diagnostics };

  let failed = false;
  try {
    const evaluation = definition.evaluate({
      nodeId: node.id,
      params: parsed.data,
      explicitParams: new Set(Object.keys(node.params ?? {})),
      inputs,
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

/**
 * Drops edges that cannot carry a value (missing node or port, wrong type, a second edge into a single
 * input), with a diagnostic each, and names the nodes such edges point at: those nodes do not compile.
 */
function checkEdges(workflow: Workflow, catalog: Catalog, diagnostics: Diagnostic[]): { kept: WorkflowEdge[]; brokenTargets: Set<string> } {
  const nodes = new Map(workflow.nodes.map((n) => [n.id, n] as const));
  const taken = new Map<string, string>();
  const kept: WorkflowEdge[] = [];
  const brokenTargets = new Set<string>();
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
    const fromDef = catalog.get(from.type);
    const toDef = catalog.get(to.type);
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
      const slot = `${to.id}\u0000${edge.to.port}`;
      const first = taken.get(slot);
      if (first !== undefined && !input.multiple) {
        report('edge-duplicate', `${input.label} of node ${to.id} already takes edge ${first}: an input has one connection`);
        continue;
      }
      taken.set(slot, edge.id);
    }
    kept.push(edge);
  }
  return { kept, brokenTargets };
}

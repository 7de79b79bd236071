// A group on its own, to reuse in other workflows: the group, the groups nested in it, and the embedded
// images and model schemas its nodes use. It is what a library file (`.weft-group`) holds and what the
// editor inserts into a workflow.
import { z } from 'zod';
import { canonicalJson } from '../hash';
import { parseModelVersion } from '../models/refs';
import { AssetEntrySchema, GroupSchema, ModelEntrySchema, type AssetEntry, type Group, type ModelEntry, type Workflow, type WorkflowNode } from '../workflow/schema';
import { valueAt } from '../workflow/load';
import { isGroupNode } from './group-node';
import { claimId } from './ids';

export const GROUP_PACKAGE_FORMAT = 'weft-group';
export const CURRENT_GROUP_PACKAGE_VERSION = 1;

export const GroupPackageSchema = z.looseObject({
  format: z.literal(GROUP_PACKAGE_FORMAT),
  version: z.literal(CURRENT_GROUP_PACKAGE_VERSION),
  group: GroupSchema,
  /** The groups that group nodes inside `group` use, at any depth. */
  groups: z.array(GroupSchema).default([]),
  assets: z.record(z.string(), AssetEntrySchema).default({}),
  models: z.record(z.string(), ModelEntrySchema).default({}),
});

export type GroupPackage = z.infer<typeof GroupPackageSchema>;

/** Checks a parsed `.weft-group` document; a file from a newer Weft is refused with a clear sentence. */
export function readGroupPackage(value: unknown): { ok: true; package: GroupPackage } | { ok: false; error: string } {
  const raw = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  if (!raw || raw.format !== GROUP_PACKAGE_FORMAT) {
    return { ok: false, error: `not a Weft group: its format is ${JSON.stringify(raw?.format)} (expected "${GROUP_PACKAGE_FORMAT}")` };
  }
  if (typeof raw.version === 'number' && raw.version > CURRENT_GROUP_PACKAGE_VERSION) {
    return { ok: false, error: `the group file is version ${raw.version}; this Weft reads up to ${CURRENT_GROUP_PACKAGE_VERSION}: update Weft to use it` };
  }
  const parsed = GroupPackageSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const missing = issue.code === 'invalid_type' && valueAt(raw, issue.path) === undefined;
    return { ok: false, error: `not a readable Weft group: ${issue.path.join('.') || 'file'} ${missing ? 'is missing' : issue.message}` };
  }
  return { ok: true, package: parsed.data };
}

/** The package for group `groupId` of a workflow, with what it needs from the workflow. */
export function groupPackage(workflow: Workflow, groupId: string): { ok: true; package: GroupPackage } | { ok: false; error: string } {
  const group = workflow.groups?.find((g) => g.id === groupId);
  if (!group) return { ok: false, error: `this workflow has no group "${groupId}"` };
  const nested = nestedGroups(group, workflow.groups ?? []);
  const nodes = [group, ...nested].flatMap((g) => g.nodes);
  return {
    ok: true,
    package: {
      format: GROUP_PACKAGE_FORMAT,
      version: CURRENT_GROUP_PACKAGE_VERSION,
      group,
      groups: nested,
      assets: usedAssets(nodes, workflow.assets),
      models: usedModels(nodes, workflow.models ?? {}),
    },
  };
}

export interface InsertedGroup {
  workflow: Workflow;
  /** The id the package's group has in the workflow (its own, unless another group already had it). */
  groupId: string;
  /** Package group ids that were taken by different groups, and the ids they got instead. */
  renamed: Record<string, string>;
}

/**
 * Adds a package's groups, images and model schemas to a workflow. A group already there unchanged is
 * reused; one whose id is taken by a different group is added under a new id, and the group nodes of the
 * package are pointed at it. No node is placed: the editor adds a group node where the user drops it.
 */
export function insertGroupPackage(workflow: Workflow, pkg: Pick<GroupPackage, 'group' | 'groups' | 'assets' | 'models'>): InsertedGroup {
  const existing = workflow.groups ?? [];
  const taken = new Set(existing.map((g) => g.id));
  const finalId = new Map<string, string>();
  const added: Group[] = [];
  // Nested groups first, so each group's references are final before it is compared with what is there.
  for (const group of dependencyOrder(pkg.group, pkg.groups)) {
    const candidate = pointGroupNodes(group, finalId);
    const same = existing.find((g) => g.id === candidate.id);
    if (same && canonicalJson(same) === canonicalJson(candidate)) {
      finalId.set(group.id, group.id);
      continue;
    }
    const id = claimId(candidate.id, taken);
    finalId.set(group.id, id);
    added.push({ ...candidate, id });
  }
  const renamed = Object.fromEntries([...finalId].filter(([from, to]) => from !== to));
  // What the workflow has stays where it is (so the file diffs well); what is new comes after it.
  const models = { ...(workflow.models ?? {}), ...missingFrom(workflow.models ?? {}, pkg.models ?? {}) };
  return {
    workflow: {
      ...workflow,
      groups: [...existing, ...added],
      assets: { ...workflow.assets, ...missingFrom(workflow.assets, pkg.assets ?? {}) },
      ...(Object.keys(models).length ? { models } : {}),
    },
    groupId: finalId.get(pkg.group.id) ?? pkg.group.id,
    renamed,
  };
}

/** The entries of `extra` whose keys `base` lacks (keys are content hashes or pinned versions: equal keys, equal content). */
function missingFrom<T>(base: Readonly<Record<string, T>>, extra: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(extra).filter(([key]) => !Object.hasOwn(base, key)));
}

/** Every group used by group nodes inside `group`, at any depth, once each, in the order first met. */
function nestedGroups(group: Group, all: readonly Group[]): Group[] {
  const found = new Map<string, Group>();
  const visit = (g: Group) => {
    for (const node of g.nodes) {
      const id = groupIdOf(node);
      const next = id === undefined || id === group.id || found.has(id) ? undefined : all.find((d) => d.id === id);
      if (!next) continue;
      found.set(next.id, next);
      visit(next);
    }
  };
  visit(group);
  return [...found.values()];
}

/** The package's groups with every group a group uses before it (the main group last). */
function dependencyOrder(main: Group, nested: readonly Group[]): Group[] {
  const byId = new Map(nested.filter((g) => g.id !== main.id).map((g) => [g.id, g] as const));
  const ordered: Group[] = [];
  const seen = new Set<string>();
  const visit = (g: Group) => {
    if (seen.has(g.id)) return;
    seen.add(g.id);
    for (const node of g.nodes) {
      const dep = byId.get(groupIdOf(node) ?? '');
      if (dep) visit(dep);
    }
    ordered.push(g);
  };
  byId.forEach(visit);
  return [...ordered, main];
}

function pointGroupNodes(group: Group, finalId: ReadonlyMap<string, string>): Group {
  const nodes = group.nodes.map((node) => {
    const id = groupIdOf(node);
    const to = id === undefined ? undefined : finalId.get(id);
    return to === undefined || to === id ? node : { ...node, params: { ...node.params, group: to } };
  });
  return nodes.some((n, i) => n !== group.nodes[i]) ? { ...group, nodes } : group;
}

function groupIdOf(node: WorkflowNode): string | undefined {
  const id = isGroupNode(node) ? node.params?.group : undefined;
  return typeof id === 'string' ? id : undefined;
}

/** The embedded images the nodes name: any string in their params (overrides and sweeps included) that is an asset key. */
function usedAssets(nodes: readonly WorkflowNode[], assets: Readonly<Record<string, AssetEntry>>): Record<string, AssetEntry> {
  const used: Record<string, AssetEntry> = {};
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      const asset = Object.hasOwn(assets, value) ? assets[value] : undefined;
      if (asset) used[value] = asset;
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
  };
  nodes.forEach((n) => walk(n.params));
  return used;
}

/** The stored schemas of the models the nodes run (`model` nodes name them in their `model` field). */
function usedModels(nodes: readonly WorkflowNode[], models: Readonly<Record<string, ModelEntry>>): Record<string, ModelEntry> {
  const used: Record<string, ModelEntry> = {};
  for (const node of nodes) {
    if (typeof node.model !== 'string') continue;
    const ref = parseModelVersion(node.model);
    for (const key of [node.model, 'error' in ref ? undefined : `${ref.model}:${ref.version}`]) {
      const entry = key !== undefined && Object.hasOwn(models, key) ? models[key] : undefined;
      if (key !== undefined && entry) used[key] = entry;
    }
  }
  return used;
}


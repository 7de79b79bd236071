// Ids for new nodes and edges. Node ids are read by people ("node sampler-2 is blocked"), so they are
// the type plus the smallest free number; edge ids only need to be unique.

export function freeNodeId(type: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const id = `${type}-${n}`;
    if (!taken.has(id)) return id;
  }
}

export function newEdgeId(taken: ReadonlySet<string>): string {
  for (;;) {
    const id = `e-${Math.random().toString(36).slice(2, 9)}`;
    if (!taken.has(id)) return id;
  }
}

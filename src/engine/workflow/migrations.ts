// Workflow migrations: an ordered list of pure functions, each taking a document of version N to N+1.
// Version 1 is the first published format, so the list is empty today; the mechanism is tested with
// its own list and every future format change adds one entry here plus golden files under
// test/engine/workflow/golden/.

export interface Migration {
  from: number;
  /** Takes a parsed JSON document of version `from` and returns one of version `from + 1`. */
  migrate(document: Record<string, unknown>): Record<string, unknown>;
  /** What changed, for the load warning ("migrated from version 1: ..."). */
  summary: string;
}

export const MIGRATIONS: readonly Migration[] = [];

export interface MigrationOutcome {
  document: Record<string, unknown>;
  applied: string[];
}

export function canMigrate(version: number, target: number, migrations: readonly Migration[] = MIGRATIONS): boolean {
  for (let v = version; v < target; v++) if (!migrations.some((m) => m.from === v)) return false;
  return true;
}

/** Runs every migration from `version` up to `target`; throws when a step is missing (a bug, not bad data). */
export function migrate(
  document: Record<string, unknown>,
  version: number,
  target: number,
  migrations: readonly Migration[] = MIGRATIONS,
): MigrationOutcome {
  let current = document;
  const applied: string[] = [];
  for (let v = version; v < target; v++) {
    const step = migrations.find((m) => m.from === v);
    if (!step) throw new Error(`no migration from workflow version ${v} to ${v + 1}`);
    current = { ...step.migrate(structuredClone(current)), version: v + 1 };
    applied.push(`version ${v} to ${v + 1}: ${step.summary}`);
  }
  return { document: current, applied };
}

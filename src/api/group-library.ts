// The group library: reusable groups saved in the data folder, listed, loaded into a workflow, deleted.
// A group travels with what it needs: the groups nested in it, its embedded images and model schemas
// (the engine's groupPackage builds that from a workflow, insertGroupPackage puts it back into one).
import { z } from 'zod';
import { AssetEntrySchema, GroupSchema, ModelEntrySchema } from '../engine/workflow/schema';

/** A library name: the file `<name>.weft-group`, so lowercase letters, digits, `-` and `_` only. */
export const LibraryId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be lowercase letters, digits, - and _ (at most 64), starting with a letter or digit');

const GroupContents = {
  group: GroupSchema,
  /** The groups that group nodes inside `group` use, at any depth. */
  groups: z.array(GroupSchema).default([]),
  /** The embedded images its nodes use, keyed by sha256 as in a workflow. */
  assets: z.record(z.string(), AssetEntrySchema).default({}),
  /** The schemas of the models its `model` nodes run, keyed `owner/name:version` as in a workflow. */
  models: z.record(z.string(), ModelEntrySchema).default({}),
};

export const LibraryEntrySchema = z.object({
  id: LibraryId,
  name: z.string(),
  description: z.string().optional(),
  inputs: z.array(z.string()),
  outputs: z.array(z.string()),
  /** How many nodes the group holds (not counting those of nested groups). */
  nodes: z.number().int().min(0),
  savedAt: z.string(),
});

export const LibraryList = z.object({
  entries: z.array(LibraryEntrySchema),
  /** Files in the library folder that could not be read, one sentence each. */
  problems: z.array(z.string()),
});

export const LibrarySaveRequest = z.object({
  ...GroupContents,
  /** The name to save under; by default the group's name made into a file name. */
  id: LibraryId.optional(),
  /** Replace a library group of the same name (otherwise that is a `conflict`). */
  replace: z.boolean().default(false),
});
export const LibrarySaveResult = z.object({ entry: LibraryEntrySchema });

export const LibraryIdRequest = z.object({ id: LibraryId });
export const LibraryLoadResult = z.object({ id: LibraryId, ...GroupContents });

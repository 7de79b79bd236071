// The two models Weft compiles to, pinned to the versions whose contracts are in the seed files.

export interface ModelRef {
  /** `owner/name` on Replicate. */
  model: string;
  /** The 64-hex version id: community models must be called by version. */
  version: string;
}

export const FLUX_LORA_MODEL: ModelRef = {
  model: 'deeterbleater/flux-thoth',
  version: '9b7dd5e22227d6ff931d4b7fba9713448468ce0b1b9ffcd93211d5e5525adf97',
};

export const INVERSIONS_MODEL: ModelRef = {
  model: 'jhorovitz/inversions',
  version: 'd1d9fc7a70eaad39f2b388a8ce8ad701bf5ba78cdd45f78995b4acb17f19bec4',
};

const MODEL_VERSION = /^([a-z0-9][a-z0-9_.-]*)\/([a-z0-9][a-z0-9_.-]*):([0-9a-f]{64})$/i;

/** Parses `owner/name:version` (a fine-tune with the LoRA model's schema), or says what is wrong. */
export function parseModelVersion(text: string): ModelRef | { error: string } {
  const match = MODEL_VERSION.exec(text.trim());
  if (!match) return { error: 'must be owner/name:version, with the 64-character version id from the model\'s Versions tab' };
  return { model: `${match[1]}/${match[2]}`, version: match[3]!.toLowerCase() };
}

const MODEL_NAME = /^([a-z0-9][a-z0-9_.-]*)\/([a-z0-9][a-z0-9_.-]*)(?::([0-9a-f]{64}))?$/i;

/** Parses `owner/name` or `owner/name:version` (what a user types to add a model), or says what is wrong. */
export function parseModelName(text: string): { owner: string; name: string; version?: string } | { error: string } {
  const match = MODEL_NAME.exec(text.trim());
  if (!match) return { error: `"${text}" is not a Replicate model: write owner/name, or owner/name:version with the 64-character version id` };
  return { owner: match[1]!, name: match[2]!, ...(match[3] ? { version: match[3].toLowerCase() } : {}) };
}

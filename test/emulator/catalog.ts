/**
 * The model versions the emulator hosts, and the deployments that point at them. Versions are pinned by
 * their 64-hex id exactly as on Replicate; `behaviour` says which predictor the emulator imitates.
 */
import type { CogOpenApiSchema } from './schemas/cog-types';
import { fluxLoraOpenApiSchema } from './schemas/flux-lora';
import { inversionsOpenApiSchema } from './schemas/inversions';

export type ModelBehaviour = 'flux-lora' | 'inversions';

export interface ModelVersion {
  readonly owner: string;
  readonly name: string;
  readonly id: string;
  readonly created_at: string;
  readonly cog_version: string;
  readonly behaviour: ModelBehaviour;
  readonly description: string;
  readonly openapi_schema: CogOpenApiSchema;
}

/** `owner/name` plus the pinned version, in the form Weft stores in a sampler node. */
export interface ModelRef {
  readonly ref: string;
  readonly version: string;
}

export const FLUX_THOTH: ModelRef = {
  ref: 'deeterbleater/flux-thoth',
  version: '9b7dd5e22227d6ff931d4b7fba9713448468ce0b1b9ffcd93211d5e5525adf97',
};

export const INVERSIONS: ModelRef = {
  ref: 'jhorovitz/inversions',
  version: 'd1d9fc7a70eaad39f2b388a8ce8ad701bf5ba78cdd45f78995b4acb17f19bec4',
};

/** A third FLUX fine-tune publishing the LoRA model's exact schema (the hotswap trainer's output). */
export const FLUX_FINE_TUNE: ModelRef = {
  ref: 'weft-test/flux-fine-tune',
  version: '34639a448f978ca5e101f6d66346525e01a22ba53fd34402b707dc17e4ecf7e9',
};

/** The deployment every emulator has unless told otherwise; it runs the LoRA model. */
export const DEFAULT_DEPLOYMENT = 'weft-test/flux-thoth-deployment';

function version(
  ref: ModelRef,
  behaviour: ModelBehaviour,
  details: { created_at: string; cog_version: string; description: string },
): ModelVersion {
  const [owner, name] = ref.ref.split('/') as [string, string];
  const openapi_schema = behaviour === 'flux-lora' ? fluxLoraOpenApiSchema() : inversionsOpenApiSchema();
  return { owner, name, id: ref.version, behaviour, openapi_schema, ...details };
}

/** Builds a fresh catalog (schemas are cloned, so a test may mutate its copy freely). */
export function buildCatalog(): ModelVersion[] {
  return [
    version(FLUX_THOTH, 'flux-lora', {
      created_at: '2024-11-04T18:22:41.302512Z',
      cog_version: '0.9.25',
      description: 'A FLUX LoRA fine-tune (hotswap trainer output).',
    }),
    version(INVERSIONS, 'inversions', {
      created_at: '2024-12-09T02:51:17.918233Z',
      cog_version: '0.13.6',
      description: 'FLUX.1 [dev] with RF-Inversion and DDIM inversion img2img modes.',
    }),
    version(FLUX_FINE_TUNE, 'flux-lora', {
      created_at: '2025-01-15T09:00:00.000000Z',
      cog_version: '0.9.25',
      description: 'A stand-in FLUX fine-tune with the hotswap LoRA schema, for tests.',
    }),
  ];
}

export class Catalog {
  private readonly byId = new Map<string, ModelVersion>();

  constructor(readonly versions: readonly ModelVersion[], readonly deployments: ReadonlyMap<string, string>) {
    for (const v of versions) this.byId.set(v.id, v);
    for (const [deployment, versionId] of deployments) {
      if (!this.byId.has(versionId)) throw new Error(`deployment ${deployment} points at unknown version ${versionId}`);
    }
  }

  versionById(id: string): ModelVersion | undefined {
    return this.byId.get(id);
  }

  versionsOf(owner: string, name: string): ModelVersion[] {
    return this.versions.filter((v) => v.owner === owner && v.name === name);
  }

  /** A model's versions, newest first (Replicate lists them that way). */
  latestVersionOf(owner: string, name: string): ModelVersion | undefined {
    return [...this.versionsOf(owner, name)].sort((a, b) => b.created_at.localeCompare(a.created_at))[0];
  }

  deploymentVersion(owner: string, name: string): ModelVersion | undefined {
    const id = this.deployments.get(`${owner}/${name}`);
    return id === undefined ? undefined : this.byId.get(id);
  }

  /**
   * Resolves the `version` field of POST /predictions. Accepted like Replicate: a bare 64-hex id or
   * `owner/name:id`. A bare `owner/name` only names official models, which the emulator hosts none of.
   */
  resolveVersionField(value: string): ModelVersion | undefined {
    const withModel = /^([^/\s:]+)\/([^/\s:]+):([0-9a-f]{64})$/.exec(value);
    if (withModel) {
      const found = this.byId.get(withModel[3] as string);
      return found && found.owner === withModel[1] && found.name === withModel[2] ? found : undefined;
    }
    return /^[0-9a-f]{64}$/.test(value) ? this.byId.get(value) : undefined;
  }
}

// Turning an image or mask node's source params into an image reference: the bytes' sha256 when the
// runtime has read them, a pending source when compiling without it, an error when it could not.
import type { EvaluateContext } from './node-definition';
import type { ImageRef, ImageSize, ImageSource } from './values';
import { isSha256 } from './hash';

export interface ResolvedImage {
  ref: ImageRef;
  size?: ImageSize;
}

const SOURCE_PARAMS = ['path', 'url', 'asset'] as const;

/** Reads the one source param set among `allowed`; reports and returns undefined when none or several are. */
export function imageSourceFromParams(ctx: EvaluateContext, allowed: readonly (typeof SOURCE_PARAMS)[number][]): ImageSource | undefined {
  const set = allowed.filter((name) => typeof ctx.params[name] === 'string' && (ctx.params[name] as string).trim() !== '');
  const names = allowed.join(allowed.length > 2 ? ', ' : ' or ').replace(/, ([^,]*)$/, ' or $1');
  if (set.length === 0) {
    ctx.diagnose({ severity: 'error', code: 'image-no-source', message: `has no image: set ${names}` });
    return undefined;
  }
  if (set.length > 1) {
    ctx.diagnose({ severity: 'error', code: 'image-many-sources', param: set[1]!, message: `conflicts with ${set[0]}: set exactly one of ${names}` });
    return undefined;
  }
  const name = set[0]!;
  const value = (ctx.params[name] as string).trim();
  if (name === 'asset') {
    if (!isSha256(value) || !(value in ctx.assets)) {
      ctx.diagnose({ severity: 'error', code: 'asset-missing', param: 'asset', message: `names an asset that is not in this workflow's assets` });
      return undefined;
    }
    return { kind: 'asset', sha256: value };
  }
  if (name === 'url') {
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (!url || url.protocol !== 'https:') {
      ctx.diagnose({ severity: 'error', code: 'url-invalid', param: 'url', message: 'must be an https:// URL' });
      return undefined;
    }
    return { kind: 'url', url: url.href };
  }
  return { kind: 'file', path: value };
}

export function resolveImageSource(ctx: EvaluateContext, source: ImageSource, param: string): ResolvedImage | undefined {
  const facts = ctx.env.image?.(source);
  if (facts && 'error' in facts) {
    ctx.diagnose({ severity: 'error', code: 'image-unreadable', param, message: facts.error });
    return undefined;
  }
  if (facts) return { ref: { blob: facts.sha256 }, ...sizeOf(facts) };
  if (source.kind === 'asset') return { ref: { blob: source.sha256 } };
  return { ref: { pending: source } };
}

export function sizeOf(facts: Partial<ImageSize>): { size?: ImageSize } {
  return facts.width && facts.height ? { size: { width: facts.width, height: facts.height } } : {};
}

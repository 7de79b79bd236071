// images.save: a cached image written where the user chooses, carrying the provenance of the run that
// made it (embedded, and in a `.json` sidecar) exactly as the files that run wrote do, so a shared image
// reopens as its workflow. When Weft cannot find that provenance the bytes are saved as they are, and the
// answer says why, for the editor to tell the user.
import { withStorageErrors, AppFailure } from '../app-failure';
import type { AppContext } from '../app-context';
import { pathFromUser } from '../user-paths';
import type { RunProvenanceStore } from '../../provenance';
import { exportImage, suggestedImageName } from './image-export';
import { provenanceOfImage, type ImageSource, type MissingProvenance } from './image-provenance';
import { writeImageSidecar } from './image-sidecar';

export type SaveTarget = { kind: 'dialog'; suggestedName: string } | { kind: 'path'; path: string };

export interface SaveRequest {
  sha256: string;
  target: SaveTarget;
  /** Which output of which run the image is; absent when the editor does not know (see ImageSource). */
  source?: ImageSource | undefined;
}

export type SaveResult =
  | {
      savedTo: string;
      /** The provenance sidecar written beside the image. */
      sidecar?: string;
      /** Set when the image went out without its workflow. */
      withoutWorkflow?: MissingProvenance;
      /** Something else the user should know (a sidecar not written). */
      warning?: string;
    }
  | { canceled: true };

export async function saveImage(ctx: AppContext, runs: RunProvenanceStore, request: SaveRequest): Promise<SaveResult> {
  const cache = await ctx.resources.cache();
  const info = await cache.blobs.info(request.sha256);
  if (!info) throw new AppFailure('this image is no longer in the cache (it may have been evicted): run the workflow again to remake it', 'not-found');
  // Before the dialog: a request naming the wrong run fails without asking the user anything.
  const found = await withStorageErrors(() => provenanceOfImage(request.sha256, request.source, { history: () => ctx.resources.runHistory(), runs }));
  const target = await targetPath(ctx, request.target, info.mediaType);
  if (!target) return { canceled: true };
  return withStorageErrors(async () => {
    if (!('provenance' in found)) return { savedTo: await exportImage(cache.blobs, request.sha256, target), withoutWorkflow: found.missing };
    const savedTo = await exportImage(cache.blobs, request.sha256, target, found.provenance);
    const sidecar = await writeImageSidecar(savedTo, found.provenance);
    if ('written' in sidecar) return { savedTo, sidecar: sidecar.written };
    return { savedTo, warning: `${sidecar.kept} is not a Weft sidecar, so it was left as it is: the workflow travels inside the image only` };
  });
}

async function targetPath(ctx: AppContext, target: SaveTarget, mediaType: string): Promise<string | undefined> {
  if (target.kind === 'path') return pathFromUser(target.path, ctx.hooks.acceptsPathsFromRenderer, 'Save Image');
  if (!ctx.hooks.chooseImageSavePath) throw new AppFailure('this host has no file dialog: type the path to save the image to', 'bad-request');
  return ctx.hooks.chooseImageSavePath(suggestedImageName(target.suggestedName, mediaType));
}

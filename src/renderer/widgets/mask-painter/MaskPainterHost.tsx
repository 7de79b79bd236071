// Opens the painter for the mask node named in the store and saves its PNG into the workflow as an
// asset keyed by the sha256 of its bytes, as one undoable edit.
import { sha256Hex } from '../../../engine';
import { useAsset, useUpstreamImage } from '../../canvas/use-node-view';
import { bytesToBase64 } from '../../lib/base64';
import { assetUrl } from '../../lib/images';
import { appStore, useApp } from '../../store/app-store';
import { editWorkflow } from '../../store/history';
import { toast } from '../../store/toasts';
import { setNodeAsset } from '../../store/workflow-edits';
import { MaskPainter } from './MaskPainter';

function close(): void {
  appStore.update((state) => {
    delete state.maskPainter;
  });
}

export function MaskPainterHost() {
  const target = useApp((state) => state.maskPainter);
  if (!target) return null;
  return <OpenPainter documentId={target.documentId} nodeId={target.nodeId} />;
}

function OpenPainter({ documentId, nodeId }: { documentId: string; nodeId: string }) {
  const maskSha = useApp((state) => state.docs[documentId]?.workflow.nodes.find((n) => n.id === nodeId)?.params?.asset);
  const mask = useAsset(documentId, maskSha);
  const imageUrl = useUpstreamImage(documentId, nodeId, 'image');
  const save = async (png: Blob) => {
    const bytes = new Uint8Array(await png.arrayBuffer());
    const sha256 = sha256Hex(bytes);
    editWorkflow(documentId, { label: 'paint mask' }, (workflow) => setNodeAsset(workflow, nodeId, sha256, { type: 'image/png', data: bytesToBase64(bytes) }, ['path', 'asset']));
    toast('Mask saved in the workflow', 'success');
    close();
  };
  return <MaskPainter key={`${documentId}/${nodeId}`} imageUrl={imageUrl} initialMaskUrl={mask ? assetUrl(mask) : undefined} onSave={(png) => void save(png)} onClose={close} />;
}

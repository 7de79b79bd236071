// Hooks a node component uses to read just its own slice of the store.
import { useCallback } from 'react';
import type { AssetEntry } from '../../engine';
import { blobUrl, assetUrl } from '../lib/images';
import { useApp } from '../store/app-store';
import { editWorkflow } from '../store/history';
import { nodeView, type NodeView } from '../store/node-view';
import { setParam } from '../store/workflow-edits';

export function useNodeView(documentId: string, nodeId: string): NodeView {
  return useApp((state) => nodeView(state.docs[documentId], nodeId));
}

export function useAsset(documentId: string, sha256: unknown): AssetEntry | undefined {
  return useApp((state) => (typeof sha256 === 'string' ? state.docs[documentId]?.workflow.assets?.[sha256] : undefined));
}

/**
 * The image arriving at `port` of a node, as a URL the page can show: an embedded asset, or the first
 * output of an upstream sampler. Undefined when it is a file or URL the renderer cannot read itself.
 */
export function useUpstreamImage(documentId: string, nodeId: string, port: string): string | undefined {
  return useApp((state) => {
    const doc = state.docs[documentId];
    const edge = doc?.workflow.edges.find((e) => e.to.node === nodeId && e.to.port === port);
    const source = edge && doc?.workflow.nodes.find((n) => n.id === edge.from.node);
    if (!doc || !edge || !source) return undefined;
    const asset = source.params?.asset;
    if (typeof asset === 'string' && doc.workflow.assets?.[asset]) return assetUrl(doc.workflow.assets[asset]!);
    const index = edge.from.port === 'image' || edge.from.port === 'images' ? 0 : -1;
    const output = index >= 0 ? nodeView(doc, source.id).outputs?.[index] : undefined;
    return output ? blobUrl(output.sha256) : undefined;
  });
}

export function useParamSetter(documentId: string, nodeId: string) {
  return useCallback(
    (name: string, value: unknown, options?: { merge?: boolean }) =>
      editWorkflow(documentId, { label: `set ${name}`, ...(options?.merge ? { mergeKey: `param:${nodeId}:${name}` } : {}) }, (workflow) =>
        setParam(workflow, nodeId, name, value),
      ),
    [documentId, nodeId],
  );
}

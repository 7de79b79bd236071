// Opening an image Weft saved: the workflow in its provenance, as if it were a .weft file.
import { loadWorkflowDocument } from '../../engine';
import type { WorkflowFileResult } from '../workflow/workflow-file';
import { checkAssets } from '../workflow/workflow-file';
import { sniffImageType } from '../cache/media-type';
import { extractProvenance } from './embed';

export function workflowFromImage(bytes: Uint8Array, label: string): WorkflowFileResult {
  if (!sniffImageType(bytes)) return { ok: false, error: `${label}: not a PNG, JPEG or WebP image` };
  const provenance = extractProvenance(bytes);
  if (!provenance) {
    return { ok: false, error: `${label}: the image carries no Weft workflow (it was not saved by Weft, or a tool stripped its metadata: try its .json sidecar)` };
  }
  // Through the loader, so a workflow from an older Weft is migrated and a newer one refused clearly.
  const result = loadWorkflowDocument(provenance.workflow);
  if (!result.ok) return { ok: false, error: `${label}: ${result.error}` };
  const warnings = checkAssets(result.workflow);
  if (provenance.assetsOmitted) {
    warnings.push({ severity: 'warning', code: 'assets-omitted', message: 'the images embedded in the original workflow were too large to travel in this image: open its .json sidecar or the .weft file to get them' });
  }
  return { ok: true, workflow: result.workflow, warnings, migrations: result.migrations };
}

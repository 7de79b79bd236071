/**
 * The files API. POST /files takes multipart form data: part `content` (a file with a name and a MIME
 * type) and an optional part `metadata` (JSON). As on Replicate, `urls.get` (GET /files/{id}) answers the
 * file object as JSON; the bytes are at GET /files/{id}/download, which also needs the token.
 */
import { badRequest, notFound } from '../api-errors';
import type { EmulatorContext } from '../context';
import { fileJson } from '../files-store';
import { header, json, type ApiRequest, type ApiResponse, type Route } from '../http';

const ID = '([a-z0-9]+)';

async function readForm(request: ApiRequest): Promise<FormData | undefined> {
  const contentType = header(request, 'content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) return undefined;
  try {
    return await new Request('http://emulator.invalid/files', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: new Uint8Array(request.body),
    }).formData();
  } catch {
    return undefined;
  }
}

async function readMetadata(part: ReturnType<FormData['get']>): Promise<Record<string, unknown> | string> {
  if (part === null) return {};
  const text = typeof part === 'string' ? part : await part.text();
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  return 'The metadata part must be a JSON object.';
}

async function createFile(context: EmulatorContext, request: ApiRequest): Promise<ApiResponse> {
  if (request.body.length > context.maxUploadBytes) {
    return json(413, { title: 'Payload too large', detail: 'Files can be up to 100 MB.', status: 413 });
  }
  const form = await readForm(request);
  if (!form) return json(400, badRequest('Invalid request', 'Expected a multipart/form-data body.'));
  const content = form.get('content');
  if (content === null || typeof content === 'string') {
    return json(400, badRequest('Invalid request', 'The form needs a file part named "content".'));
  }
  const metadata = await readMetadata(form.get('metadata'));
  if (typeof metadata === 'string') return json(400, badRequest('Invalid metadata', metadata));
  const file = context.files.create({
    name: content instanceof File && content.name ? content.name : 'file',
    contentType: content.type || 'application/octet-stream',
    bytes: Buffer.from(await content.arrayBuffer()),
    metadata,
  });
  return { status: 201, body: fileJson(file, context.baseUrl()), log: { fileId: file.id } };
}

export function fileRoutes(context: EmulatorContext): Route[] {
  const route = (method: string, pattern: string, name: Route['name'], handle: Route['handle']): Route => ({
    method,
    pattern: new RegExp(`^/v1${pattern}/?$`),
    name,
    auth: true,
    handle,
  });
  return [
    route('POST', '/files', 'files.create', (request) => createFile(context, request)),
    route('GET', '/files', 'files.list', () =>
      json(200, { previous: null, next: null, results: context.files.list().map((f) => fileJson(f, context.baseUrl())) }),
    ),
    route('GET', `/files/${ID}`, 'files.get', (_request, [id]) => {
      const file = context.files.get(id as string);
      return file ? { status: 200, body: fileJson(file, context.baseUrl()), log: { fileId: file.id } } : json(404, notFound());
    }),
    route('GET', `/files/${ID}/download`, 'files.download', (_request, [id]) => {
      const file = context.files.get(id as string);
      if (!file) return json(404, notFound());
      return {
        status: 200,
        body: file.bytes,
        headers: { 'Content-Type': file.contentType, 'Content-Disposition': `attachment; filename="${file.name}"` },
        log: { fileId: file.id },
      };
    }),
    route('DELETE', `/files/${ID}`, 'files.delete', (_request, [id]) =>
      context.files.delete(id as string) ? { status: 204, log: { fileId: id as string } } : json(404, notFound()),
    ),
  ];
}

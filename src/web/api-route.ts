// POST /api/<method>: the request as JSON in, the ApiReply envelope out. The body must be declared JSON
// (a form on another page cannot send that without a preflight) and is read up to a limit.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiReply } from '../api/handler';
import { sendJson } from './security-headers';

/** Workflows embed their images as base64 and images.import carries bytes: generous, but bounded. */
export const MAX_BODY_BYTES = 96 * 1024 * 1024;
const METHOD_NAME = /^[a-z]+\.[A-Za-z]+$/;

export type ApiDispatch = (method: string, payload: unknown) => Promise<ApiReply>;

export async function serveApiCall(request: IncomingMessage, response: ServerResponse, method: string, dispatch: ApiDispatch): Promise<void> {
  if (request.method !== 'POST') return refuse(response, 405, 'bad-request', 'API calls are POST requests');
  if (!METHOD_NAME.test(method)) return refuse(response, 404, 'not-found', 'unknown API call');
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') return refuse(response, 415, 'bad-request', 'the body must be application/json');
  let text: string;
  try {
    text = await readBody(request, MAX_BODY_BYTES);
  } catch (error) {
    return refuse(response, 413, 'bad-request', (error as Error).message);
  }
  let payload: unknown;
  try {
    payload = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return refuse(response, 400, 'bad-request', 'the body is not valid JSON');
  }
  const reply = await dispatch(method, payload);
  const status = !reply.ok && reply.error.code === 'not-found' && reply.error.error.startsWith('unknown API call') ? 404 : 200;
  sendJson(response, status, reply);
}

function refuse(response: ServerResponse, status: number, code: 'bad-request' | 'not-found', error: string): void {
  sendJson(response, status, { ok: false, error: { code, error } } satisfies ApiReply);
}

function readBody(request: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > max) {
      request.resume();
      reject(new Error(`the request is larger than ${max / 1024 / 1024} MB`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        request.removeAllListeners('data');
        request.resume();
        reject(new Error(`the request is larger than ${max / 1024 / 1024} MB`));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

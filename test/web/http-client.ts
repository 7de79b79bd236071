// Raw HTTP for the browser host's tests: node:http, so the Host and Origin headers and the path go out
// exactly as written (fetch would normalise `..` and refuse to set Host).
import { request } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
}

export function rawRequest(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: { Host: `127.0.0.1:${port}`, ...options.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/**
 * Splits a Server-Sent Events stream into messages: feed it chunks as they arrive, and it calls `onData`
 * with each message's data (its `data:` lines joined, as the spec says) once the message is complete.
 */
export function sseParser(onData: (data: string) => void): (chunk: string) => void {
  let buffer = '';
  return (chunk) => {
    buffer += chunk;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const message = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = message.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice('data: '.length));
      if (data.length) onData(data.join('\n'));
    }
  };
}

/** Reads Server-Sent Events until `until` says stop; answers the parsed `data` of each message. */
export function readEvents(port: number, headers: Record<string, string>, until: (event: any) => boolean, onOpen: () => void): Promise<any[]> {
  return new Promise((resolve, reject) => {
    const events: any[] = [];
    const req = request({ host: '127.0.0.1', port, path: '/api/events', headers: { Host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`events answered ${res.statusCode}`));
      onOpen();
      let done = false;
      res.setEncoding('utf8');
      res.on(
        'data',
        sseParser((data) => {
          if (done) return;
          const event = JSON.parse(data);
          events.push(event);
          if (until(event)) {
            done = true;
            req.destroy();
            resolve(events);
          }
        }),
      );
    });
    req.on('error', (error) => (events.length ? undefined : reject(error)));
    req.end();
  });
}

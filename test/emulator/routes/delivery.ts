/**
 * The stand-in for replicate.delivery: output files, public (no token), gone once the prediction's data
 * is removed.
 */
import type { EmulatorContext } from '../context';
import type { ApiResponse, Route } from '../http';

export function deliveryRoutes(context: EmulatorContext): Route[] {
  return [
    {
      method: 'GET',
      pattern: /^(\/delivery\/.+)$/,
      name: 'delivery.get',
      auth: false,
      handle: (_request, [path]): ApiResponse => {
        const file = context.delivery.get(path as string);
        if (!file) {
          // replicate.delivery answers a plain-text 404 once a file is gone.
          return { status: 404, body: Buffer.from('Not found\n'), headers: { 'Content-Type': 'text/plain; charset=utf-8' } };
        }
        return {
          status: 200,
          body: file.bytes,
          headers: { 'Content-Type': file.contentType, 'Cache-Control': 'public, max-age=3600' },
          log: { predictionId: file.predictionId },
        };
      },
    },
  ];
}

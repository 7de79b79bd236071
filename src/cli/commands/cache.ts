// `weft cache stats|prune|clear`: what the cache holds, trimming it to a size, emptying it.
import { parseArgs } from 'node:util';
import { Cache } from '../../runtime/cache/cache';
import type { CliContext } from '../context';
import { EXIT_OK, UsageError } from '../io';
import { formatBytes, parseSize } from './units';

export async function cacheCommand(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: { 'max-size': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  const [, action, ...extra] = positionals;
  if (extra.length) throw new UsageError(`weft cache ${action} takes no file`);
  const cache = await Cache.open(ctx.cacheDir);
  switch (action) {
    case 'stats':
      return stats(ctx, cache, values.json === true);
    case 'prune': {
      const text = values['max-size'];
      const limit = text === undefined ? undefined : parseSize(text);
      if (text !== undefined && limit === undefined) throw new UsageError(`--max-size "${text}" is not a size like 5GB or 500MB`);
      return prune(ctx, cache, limit);
    }
    case 'clear':
      return clear(ctx, cache);
    default:
      throw new UsageError(action === undefined ? 'weft cache needs stats, prune or clear' : `unknown cache action "${action}": use stats, prune or clear`);
  }
}

async function stats(ctx: CliContext, cache: Cache, json: boolean): Promise<number> {
  const found = await cache.stats();
  if (json) {
    ctx.io.out(JSON.stringify({ folder: ctx.cacheDir, ...found }));
    return EXIT_OK;
  }
  ctx.io.out(
    [
      `folder:  ${ctx.cacheDir}`,
      `calls:   ${found.calls}`,
      `images:  ${found.blobs}`,
      `size:    ${formatBytes(found.bytes)} of ${formatBytes(found.limitBytes)}`,
      ...(found.oldest && found.newest ? [`used:    ${found.oldest} to ${found.newest}`] : []),
    ].join('\n'),
  );
  return EXIT_OK;
}

async function prune(ctx: CliContext, cache: Cache, limitBytes: number | undefined): Promise<number> {
  const report = await cache.prune(limitBytes === undefined ? {} : { limitBytes });
  const damaged = report.removedInvalid ? `, and ${report.removedInvalid} damaged record${report.removedInvalid === 1 ? '' : 's'}` : '';
  ctx.io.out(
    `removed ${report.removedCalls} call${report.removedCalls === 1 ? '' : 's'} and ${report.removedBlobs} image${report.removedBlobs === 1 ? '' : 's'}${damaged}: ` +
      `freed ${formatBytes(report.freedBytes)}, the cache now holds ${formatBytes(report.bytesAfter)} (limit ${formatBytes(limitBytes ?? cache.limitBytes)})`,
  );
  return EXIT_OK;
}

async function clear(ctx: CliContext, cache: Cache): Promise<number> {
  const before = await cache.stats();
  await cache.clear();
  ctx.io.out(`cleared ${ctx.cacheDir}: removed ${before.calls} call${before.calls === 1 ? '' : 's'} and ${before.blobs} image${before.blobs === 1 ? '' : 's'} (${formatBytes(before.bytes)})`);
  return EXIT_OK;
}

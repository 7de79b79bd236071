// The `weft` command: parses arguments and dispatches; each command lives in commands/.
import { parseArgs } from 'node:util';
import { cacheCommand } from './commands/cache';
import { compileCommand } from './commands/compile';
import { exportCommand } from './commands/export';
import { modelCommand } from './commands/model';
import { groupCommand } from './commands/group';
import { openCommand } from './commands/open';
import { runCommand } from './commands/run';
import { validateCommand } from './commands/validate';
import { createContext } from './context';
import { EXIT_FAILED, EXIT_USAGE, UsageError, type CliIo } from './io';

export const USAGE = `Usage: weft <command> [options]

Commands:
  validate <file.weft>     Check a workflow; prints each problem, exit 1 on errors
  compile <file.weft>      Print the Plan (the exact Replicate calls) as JSON
  run <file.weft>          Run a workflow: cached calls cost nothing, the rest run on Replicate
      --out DIR            also write the outputs to DIR (output nodes write to their own folder)
      --only NODE          run only what NODE needs ("run to here")
      --concurrency N      predictions at once (default 4)
      --no-cache           run every call again (results still refresh the cache)
      --json               one JSON event per line on stdout
      --cog-url URL        run on a local Cog container (e.g. http://localhost:5000) instead
  export <file.weft> --format node|python|curl --out DIR [--only NODE]
                           Write a script that makes the same calls, with its images
  open <image> [--out F]   The workflow an image Weft saved carries (seeds pinned), as .weft
  model show <owner/name[:version]>
                           A Replicate model's inputs as a Weft node: its ports and params
  model add <file.weft> <owner/name[:version]> [--id NODE]
                           Store the model's schema in the workflow and add a node that runs it
  cache stats [--json]     What the cache holds
  cache prune [--max-size 5GB]   Evict least recently used entries down to a size
  cache clear              Empty the cache
  group list [--json]      The groups in the library (<data folder>/library)
  group export <file.weft> <group> [--as NAME] [--replace]
                           Save a group of a workflow to the library
  group import <file.weft> <name>
                           Add a library group to a workflow (saved in place, .bak kept)

Environment:
  WEFT_CACHE_DIR           Cache folder (default: the OS cache folder)
  WEFT_DATA_DIR            History, settings and group library folder (default: the OS data folder)
  REPLICATE_API_TOKEN      Your Replicate API token (needed only when something must run)
  REPLICATE_BASE_URL       Replicate API root (default https://api.replicate.com/v1)
`;

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const { positionals, values } = parseArgs({ args: [...argv], allowPositionals: true, strict: false, options: { help: { type: 'boolean', short: 'h' } } });
    const [command, ...rest] = positionals;
    if (!command || values.help) {
      io.out(USAGE);
      return command || values.help ? 0 : EXIT_USAGE;
    }
    const ctx = createContext(io);
    const file = () => {
      if (rest.length !== 1) throw new UsageError(`weft ${command} takes one workflow file`);
      return rest[0]!;
    };
    switch (command) {
      case 'validate':
        return await validateCommand(ctx, file());
      case 'compile':
        return await compileCommand(ctx, file());
      case 'run':
        return await runCommand(ctx, argv);
      case 'cache':
        return await cacheCommand(ctx, argv);
      case 'group':
        return await groupCommand(ctx, argv);
      case 'open':
        return await openCommand(ctx, argv.filter((_arg, i) => i !== argv.indexOf(command)));
      case 'model':
        return await modelCommand(ctx, argv);
      case 'export':
        return await exportCommand(ctx, argv.filter((_arg, i) => i !== argv.indexOf(command)));
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`weft: ${(error as Error).message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    io.err(`weft: ${(error as Error).message}`);
    return EXIT_FAILED;
  }
}

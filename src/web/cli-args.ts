// `npm run web -- [--port <n>] [--no-open]`. Browser mode never launches a browser itself (these
// machines have none to launch, and a URL carrying a secret belongs in the user's hands): it prints it.
export interface WebArgs {
  port: number;
  help: boolean;
}

export function parseWebArgs(argv: readonly string[]): WebArgs | { error: string } {
  const args: WebArgs = { port: 0, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') args.help = true;
    else if (arg === '--no-open') continue; // accepted for symmetry with other tools: nothing is ever opened
    else if (arg === '--port' || arg.startsWith('--port=')) {
      const value = arg === '--port' ? argv[++i] : arg.slice('--port='.length);
      const port = Number(value);
      if (!value || !Number.isInteger(port) || port < 0 || port > 65535) return { error: `--port needs a port number from 0 to 65535, not ${JSON.stringify(value ?? '')}` };
      args.port = port;
    } else return { error: `unknown option ${arg}` };
  }
  return args;
}

export const WEB_USAGE = `Usage: npm run web -- [--port <n>] [--no-open]

Serves the Weft editor on http://127.0.0.1 and prints the URL to open (it carries a secret).
  --port <n>   listen on this port (default: a free one)
  --no-open    accepted; the host never opens a browser itself

Environment: REPLICATE_API_TOKEN, REPLICATE_BASE_URL, WEFT_CACHE_DIR, WEFT_DATA_DIR.`;

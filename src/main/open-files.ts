// `.weft` files handed to us by the OS: on the command line of the first instance, on the command line of
// a second instance (forwarded by the single-instance lock), or by macOS's 'open-file' event, which may
// fire before the app is ready. Paths are collected here and opened once a window can show them.
import path from 'node:path';

const WEFT_FILE = /\.weft$/i;

/**
 * The `.weft` paths in a command line, made absolute against the folder it was run from. Flags and the
 * executable (and, unpackaged, the app folder) are skipped; Chromium may add its own `--flags`.
 */
export function weftFilesFromArgv(argv: readonly string[], workingDirectory: string, packaged: boolean): string[] {
  const args = argv.slice(packaged ? 1 : 2);
  return args.filter((arg) => !arg.startsWith('-') && WEFT_FILE.test(arg)).map((arg) => path.resolve(workingDirectory, arg));
}

/** Holds paths until a consumer is attached (the app became ready and has a window), then delivers them. */
export class OpenFileQueue {
  private pending: string[] = [];
  private consumer: ((filePath: string) => void) | undefined;

  add(filePaths: Iterable<string>): void {
    for (const filePath of filePaths) {
      if (this.consumer) this.consumer(filePath);
      else this.pending.push(filePath);
    }
  }

  attach(consumer: (filePath: string) => void): void {
    this.consumer = consumer;
    const waiting = this.pending.splice(0);
    for (const filePath of waiting) consumer(filePath);
  }
}

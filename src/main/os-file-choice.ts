// A `.weft` file the OS handed us (double-click, "Open with", the command line) is opened exactly as if
// the user had picked it in the Open dialog: the OS's choice answers the service's dialog hook for that
// one call. The renderer still never names a path, and the service needs no path-taking entry point.
// Opens are serialized so two files arriving together cannot swap answers.
export class OsFileChoice {
  private chosen: string | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  /** Runs `openThroughDialog` with `filePath` as the dialog's answer. */
  open<T>(filePath: string, openThroughDialog: () => Promise<T>): Promise<T> {
    const run = async () => {
      this.chosen = filePath;
      try {
        return await openThroughDialog();
      } finally {
        this.chosen = undefined;
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => {});
    return result;
  }

  /** For the dialog hook: the OS's choice if one is being opened, else undefined (show the real dialog). */
  take(): string | undefined {
    const chosen = this.chosen;
    this.chosen = undefined;
    return chosen;
  }
}

// Keeps the installed menu bar up to date: built at start, rebuilt when the recent list may have changed.
import type { RecentMenuEntry, MenuOptions } from './menu';
import { installMenu } from './menu';

export class AppMenu {
  private recent: readonly RecentMenuEntry[] = [];

  constructor(
    private readonly options: Omit<MenuOptions, 'recent'>,
    private readonly loadRecent: () => Promise<readonly RecentMenuEntry[]>,
    private readonly log: (message: string) => void,
  ) {}

  install(): void {
    installMenu({ ...this.options, recent: this.recent });
  }

  async refresh(): Promise<void> {
    try {
      this.recent = await this.loadRecent();
    } catch (error) {
      this.log(`cannot read the recent list: ${String(error)}`);
    }
    this.install();
  }
}

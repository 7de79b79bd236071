// Prints the whole run's count as one plain line ("tests: 120 passed, 0 failed, 0 skipped") that CI and
// people can read at a glance; skipped tests are named so none is left silent.
import type { Reporter, TestCase } from 'vitest/node';

export default class SummaryLineReporter implements Reporter {
  private passed = 0;
  private failed = 0;
  private skipped: string[] = [];

  onTestCaseResult(testCase: TestCase): void {
    const state = testCase.result().state;
    if (state === 'passed') this.passed++;
    else if (state === 'failed') this.failed++;
    else if (state === 'skipped') this.skipped.push(testCase.fullName);
  }

  onTestRunEnd(_modules: unknown, unhandledErrors: readonly unknown[]): void {
    for (const name of this.skipped) process.stdout.write(`skipped: ${name}\n`);
    const failed = this.failed + unhandledErrors.length;
    process.stdout.write(`tests: ${this.passed} passed, ${failed} failed, ${this.skipped.length} skipped\n`);
  }
}

// What a user does in the editor, as Playwright steps over stable data-testid hooks.
import type { Locator, Page } from 'playwright-core';

export const MOD = process.platform === 'darwin' ? 'Meta' : 'Control';

export async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`not visible: ${locator}`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Presses on `from`, moves in steps (React Flow needs the moves) and releases at `to`. */
export async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, steps = 12): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps });
  await page.mouse.up();
}

export function handle(page: Page, node: string, side: 'in' | 'out', port: string): Locator {
  return page.getByTestId(`handle-${node}-${side}-${port}`);
}

/** Drags from an output handle to an input handle, aiming at where the target is once the drag is under way. */
export async function connect(page: Page, from: [string, string], to: [string, string]): Promise<void> {
  const start = await centre(handle(page, from[0], 'out', from[1]));
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  const early = await centre(handle(page, to[0], 'in', to[1]));
  await page.mouse.move((start.x + early.x) / 2, (start.y + early.y) / 2, { steps: 6 });
  const target = await centre(handle(page, to[0], 'in', to[1]));
  await page.mouse.move(target.x, target.y, { steps: 6 });
  await page.mouse.up();
}

/** Double-clicks the empty canvas at a screen point and adds the node the search finds first. */
export async function addNodeAt(page: Page, at: { x: number; y: number }, search: string): Promise<void> {
  await page.mouse.dblclick(at.x, at.y);
  await page.getByTestId('palette').waitFor();
  await page.getByLabel('Search node types').fill(search);
  await page.keyboard.press('Enter');
  await page.getByTestId('palette').waitFor({ state: 'detached' });
}

export function param(page: Page, node: string, name: string): Locator {
  return page.getByTestId(`param-${node}-${name}`);
}

export async function setNumber(page: Page, node: string, name: string, value: number): Promise<void> {
  const box = param(page, node, name).locator('input.number-box');
  await box.fill(String(value));
  await box.blur();
}

export async function waitForAttribute(locator: Locator, name: string, predicate: (value: string | null) => boolean, timeout = 20_000): Promise<string | null> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await locator.getAttribute(name).catch(() => null);
    if (predicate(value)) return value;
    if (Date.now() > deadline) throw new Error(`${locator}: attribute ${name} is still ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// The editor's advanced tools in Debian's Chromium against the browser host and the Replicate emulator:
// sweep a seed over three values and see the XY grid, restore a workflow from an output image's
// provenance, group and ungroup nodes and reuse the group from the library, add the emulator's FLUX
// fine-tune as a model node and run it, and export a Node script to a folder.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FLUX_FINE_TUNE, startEmulator, type Emulator } from '../emulator/index';
import { launchBrowser, CHROMIUM, type Browser } from './browser';
import { ROOT, ensureRendererBuilt } from './build-renderer';
import { addNodeAt, connect, MOD, param, waitForAttribute } from './editor-page';
import { examplePhoto } from './fixtures';
import { startHostProcess, type HostProcess } from './web-host-process';

const SHOTS = join(ROOT, 'test-results', 'browser');
/** What the checks read of an <img> in the page (this file is type-checked without the DOM library). */
type LoadedImage = { complete: boolean; naturalWidth: number };
/** Runs in the page: drops a file on an element (or the window), as a user dragging it from their files. */
const DROP_FILE = `({ selector, name, type, base64 }) => {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const data = new DataTransfer();
  data.items.add(new File([bytes], name, { type }));
  const target = selector ? document.querySelector(selector) : document.body;
  target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true, clientX: 400, clientY: 300 }));
}`;

/** A prompt feeding a sampler with a fixed seed, whose images an output node writes (with provenance) to `folder`. */
function sweepWorkflow(folder: string): string {
  return JSON.stringify({
    format: 'weft-workflow',
    version: 1,
    name: 'Seed sweep',
    nodes: [
      { id: 'idea', type: 'prompt', position: { x: 0, y: 0 }, params: { text: 'a lighthouse on a cliff at dusk' } },
      { id: 'sampler', type: 'sampler', position: { x: 380, y: 0 }, params: { seed: 1, num_inference_steps: 4 } },
      { id: 'out', type: 'output', position: { x: 760, y: 420 }, params: { folder } },
    ],
    edges: [
      { id: 'e1', from: { node: 'idea', port: 'prompt' }, to: { node: 'sampler', port: 'prompt' } },
      { id: 'e2', from: { node: 'sampler', port: 'images' }, to: { node: 'out', port: 'images' } },
    ],
  });
}

describe.skipIf(!existsSync(CHROMIUM))('the editor’s advanced tools', () => {
  let emulator: Emulator;
  let host: HostProcess;
  let browser: Browser;
  let work: string;
  const shot = (name: string) => browser.page.screenshot({ path: join(SHOTS, `${name}.png`) });
  const drop = (selector: string | null, name: string, type: string, bytes: Buffer) =>
    browser.page.evaluate(`(${DROP_FILE})(${JSON.stringify({ selector, name, type, base64: bytes.toString('base64') })})`);
  const tabCount = () => browser.page.locator('[data-testid^="tab-"]').count();

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    work = mkdtempSync(join(tmpdir(), 'weft-advanced-'));
    const [emu] = await Promise.all([startEmulator({ timing: { queueDelayMs: 50, predictMs: 400 } }), ensureRendererBuilt()]);
    emulator = emu;
    host = await startHostProcess({ dataDir: join(work, 'data'), cacheDir: join(work, 'cache'), replicateBaseUrl: emulator.baseUrl, token: emulator.token });
    browser = await launchBrowser({ width: 1440, height: 900 });
    await browser.page.goto(host.url);
    await browser.page.getByTestId('welcome').waitFor();
  }, 120_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await shot(`failed-advanced-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => {});
  });

  afterAll(async () => {
    await browser?.close();
    await host?.kill();
    await emulator?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('sweeps a seed over three values, runs three calls and shows the XY grid', async () => {
    const { page } = browser;
    await drop(null, 'sweep.weft', 'application/json', Buffer.from(sweepWorkflow(join(work, 'out'))));
    await page.getByTestId('node-sampler').waitFor();
    // The grid node comes from the palette like any node, and takes the sampler's images.
    await addNodeAt(page, { x: 900, y: 110 }, 'grid');
    await page.getByTestId('node-grid-1').waitFor();
    await connect(page, ['sampler', 'images'], ['grid-1', 'images']);

    // Sweep the seed: 1 and 2 at first, then 1 to 3 from the range filler.
    await page.getByTestId('sweep-toggle-sampler-seed').click();
    const sweep = page.getByTestId('sampler-seed-sweep');
    await expect.poll(() => sweep.getAttribute('data-count')).toBe('2');
    await page.getByTestId('sampler-seed-sweep-from').fill('1');
    await page.getByTestId('sampler-seed-sweep-to').fill('3');
    await page.getByTestId('sampler-seed-sweep-fill').click();
    await expect.poll(() => sweep.getAttribute('data-count')).toBe('3');
    // Each value is checked on its own.
    await page.getByTestId('sampler-seed-sweep-value-1').locator('input').fill('-4');
    await expect.poll(() => page.getByTestId('sampler-seed-sweep-value-1').getAttribute('class')).toBe('has-error');
    await page.getByTestId('sampler-seed-sweep-value-1').locator('input').fill('2');
    await expect.poll(() => page.getByTestId('sampler-seed-sweep-value-1').getAttribute('class')).toBe('');

    // The node says it expands to 3 calls, and the toolbar counts them.
    await expect.poll(() => page.getByTestId('calls-sampler').getAttribute('data-count')).toBe('3');
    await waitForAttribute(page.getByTestId('run-summary'), 'data-to-run', (n) => n === '3');
    expect(await page.getByTestId('variants-sampler').textContent()).toMatch(/seed=1.*seed=2.*seed=3/);

    await page.getByTestId('run').click();
    await waitForAttribute(page.getByTestId('status-sampler'), 'data-status', (s) => s === 'done', 30_000);
    expect(await page.getByTestId('status-sampler').textContent()).toBe('3/3 done');
    await expect.poll(() => page.getByTestId('variants-sampler').locator('[data-status="done"]').count()).toBe(3);
    expect(await page.getByTestId('outputs-sampler').locator('figcaption').allTextContents()).toEqual(['seed=1', 'seed=2', 'seed=3']);

    // The host draws the grid after the run: one row of three 384-pixel cells under their headings.
    const grid = page.getByTestId('grid-image-grid-1').locator('img');
    await grid.waitFor({ timeout: 20_000 });
    await expect.poll(() => grid.evaluate((img) => (img as unknown as LoadedImage).complete && (img as unknown as LoadedImage).naturalWidth)).toBe(3 * 384);
    await page.getByTestId('node-grid-1').screenshot({ path: join(SHOTS, 'sweep-grid-node.png') });
    await page.locator('.react-flow__pane').click({ position: { x: 60, y: 60 } });
    await page.keyboard.press('f');
    await page.waitForTimeout(400);
    await shot('sweep-grid');

    // The gallery says which variant each output is.
    await page.getByTestId('gallery-toggle').click();
    await expect.poll(() => page.locator('[data-testid="gallery-item"][data-variant="seed=2"]').count()).toBe(1);
    await page.getByTestId('gallery-toggle').click();
    expect(browser.pageErrors).toEqual([]);
  });

  it('opens the workflow an output image carries, and adds an image without one as an image node', async () => {
    const { page } = browser;
    const folder = join(work, 'out');
    await expect.poll(() => (existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.webp')).length : 0), { timeout: 15_000 }).toBe(3);
    const image = readdirSync(folder).find((f) => f.endsWith('.webp'))!;
    const tabs = await tabCount();
    await drop('.react-flow__pane', image, 'image/webp', readFileSync(join(folder, image)));
    await expect.poll(tabCount).toBe(tabs + 1);
    await expect.poll(() => page.getByTestId('toast').allTextContents()).toContainEqual(expect.stringMatching(/Opened the workflow saved in/));
    // The exact graph: the sweep is back, and every call is answered from the cache.
    await expect.poll(() => page.getByTestId('sampler-seed-sweep').getAttribute('data-count')).toBe('3');
    await expect.poll(() => page.getByTestId('run-summary').textContent()).toMatch(/all 3 calls cached/);

    // An image Weft did not save becomes an image node, as before.
    const nodes = await page.locator('.react-flow__node').count();
    await drop('.react-flow__pane', 'photo.png', 'image/png', readFileSync(examplePhoto(work)));
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(nodes + 1);
    await expect.poll(() => page.getByTestId('toast').allTextContents()).toContainEqual(expect.stringMatching(/Added photo\.png as an image node \(it carries no Weft workflow\)/));
    expect(await tabCount()).toBe(tabs + 1);
  });

  it('groups two nodes into one that runs from the cache, keeps it in the library, ungroups, and inserts it again', async () => {
    const { page } = browser;
    await page.keyboard.press(`${MOD}+z`); // the image node dropped just now
    await page.getByTestId('node-idea').locator('.node-header').click();
    await page.getByTestId('node-sampler').locator('.node-header').click({ modifiers: ['Shift'] });
    await page.keyboard.press(`${MOD}+g`);
    await page.getByTestId('path-prompt-input').fill('Look');
    await page.getByTestId('path-prompt-ok').click();
    const group = page.getByTestId('node-look');
    await group.waitFor();
    expect(await group.getAttribute('data-node-type')).toBe('group');
    await page.getByTestId('node-idea').waitFor({ state: 'detached' });
    // The same calls, inside the group: nothing to run again.
    await waitForAttribute(page.getByTestId('status-look'), 'data-status', (s) => s === 'cached');
    expect(await page.getByTestId('calls-look').getAttribute('data-count')).toBe('3');
    await page.getByTestId('handle-look-out-images').waitFor();
    await page.getByTestId('group-open-look').click();
    expect(await page.getByTestId('group-inner-look').textContent()).toMatch(/idea.*prompt.*sampler.*sampler.*seed=sweep ×3/);
    await shot('group-node');

    await page.getByTestId('save-group-look').click();
    await page.getByTestId('path-prompt-ok').click();
    await expect.poll(() => page.getByTestId('toast').allTextContents()).toContainEqual(expect.stringMatching(/Saved “Look” to the library as look/));
    await page.getByTestId('tools-menu').click();
    await page.getByTestId('menu-library').click();
    await page.getByTestId('library-entry-look').waitFor();
    expect(await page.getByTestId('library-entry-look').textContent()).toMatch(/2 nodes/);

    await page.getByTestId('ungroup-look').click();
    await page.getByTestId('node-idea').waitFor();
    await page.getByTestId('node-sampler').waitFor();
    await group.waitFor({ state: 'detached' });

    await page.getByTestId('library-insert-look').click();
    await page.getByTestId('node-look-1').waitFor();
    await waitForAttribute(page.getByTestId('status-look-1'), 'data-status', (s) => s === 'cached');
    await page.getByTestId('library-delete-look').click();
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('library-entry-look').waitFor({ state: 'detached' });
    await page.getByTestId('tools-menu').click();
    await page.getByTestId('menu-library').click();
    expect(browser.pageErrors).toEqual([]);
  });

  it('adds the emulator’s FLUX fine-tune as a model node from its schema, and runs it', async () => {
    const { page } = browser;
    const tabs = await tabCount();
    await page.getByTestId('new').click();
    await expect.poll(tabCount).toBe(tabs + 1);
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(0);
    await page.getByTestId('add-node').click();
    await page.getByTestId('palette').waitFor();
    await page.getByLabel('Search node types').fill('replicate');
    await page.getByTestId('palette-add-model').click();
    await page.getByTestId('model-ref-input').fill(`${FLUX_FINE_TUNE.ref}:${FLUX_FINE_TUNE.version}`);
    await page.getByTestId('model-lookup').click();
    await page.getByTestId('model-described').waitFor();
    expect(await page.getByTestId('model-ref').textContent()).toBe(`${FLUX_FINE_TUNE.ref}:${FLUX_FINE_TUNE.version}`);
    expect(await page.getByTestId('model-outputs').textContent()).toMatch(/images/i);
    expect(await page.getByTestId('model-params').textContent()).toMatch(/Prompt/);
    await shot('model-picker');
    await page.getByTestId('model-add').click();
    const node = page.getByTestId('node-flux-fine-tune');
    await node.waitFor();
    expect(await node.getAttribute('data-node-type')).toBe('model');
    await param(page, 'flux-fine-tune', 'prompt').locator('textarea, input').first().fill('a red fox in the snow');
    await page.getByTestId('run').click();
    await waitForAttribute(page.getByTestId('status-flux-fine-tune'), 'data-status', (s) => s === 'done', 30_000);
    await page.getByTestId('outputs-flux-fine-tune').locator('img').first().waitFor();
    const versions = emulator.log.predictionsCreated().map((p) => p.version);
    expect(versions).toContain(FLUX_FINE_TUNE.version);

    // A prompt node wired into the model's prompt input takes over from the typed param.
    await addNodeAt(page, { x: 160, y: 640 }, 'prompt');
    await param(page, 'prompt-1', 'text').locator('textarea').fill('a grey fox in the rain');
    await connect(page, ['prompt-1', 'prompt'], ['flux-fine-tune', 'prompt']);
    await expect.poll(() => param(page, 'flux-fine-tune', 'prompt').getAttribute('title')).toMatch(/^Set by the wire into this node's prompt input/);
    await waitForAttribute(page.getByTestId('status-flux-fine-tune'), 'data-status', (s) => s === 'stale');
  });

  it('exports a Node script for the workflow into a typed folder', async () => {
    const { page } = browser;
    const folder = join(work, 'export');
    await page.getByTestId('tools-menu').click();
    await page.getByTestId('menu-export').click();
    await page.getByTestId('export-format-node').check();
    await page.getByTestId('export-scope-all').check();
    await page.getByTestId('export-folder').fill(folder);
    await page.getByTestId('export-ok').click();
    await page.getByTestId('export-dialog').waitFor({ state: 'detached' });
    const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '');
    await expect.poll(() => read(join(folder, 'run.cjs'))).toContain('replicate');
    const script = read(join(folder, 'run.cjs'));
    expect(script).toContain(FLUX_FINE_TUNE.version);
    // The prompt wired into the model node in the test before, not the one typed in its param.
    expect(script).toContain('a grey fox in the rain');
    expect(script).not.toContain('a red fox in the snow');
    await expect.poll(() => page.getByTestId('toast').allTextContents()).toContainEqual(expect.stringMatching(/Exported run\.cjs/));

    // Or only what the selected node needs, in Python.
    await page.getByTestId('node-flux-fine-tune').locator('.node-header').click();
    await page.getByTestId('tools-menu').click();
    await page.getByTestId('menu-export').click();
    await page.getByTestId('export-format-python').check();
    expect(await page.getByTestId('export-scope-selected').isChecked()).toBe(true);
    await page.getByTestId('export-folder').fill(join(work, 'export-python'));
    await page.getByTestId('export-ok').click();
    await expect.poll(() => read(join(work, 'export-python', 'run.py'))).toContain('import replicate');
    expect(browser.pageErrors).toEqual([]);
  });
});

// The editor's tools beyond the first session, at the smallest supported window (1280x720): an example
// opened from the welcome view, LoRA trigger words and source checks, help, copy/paste and duplicate,
// run to one node and cancel, the gallery's provenance, compare and drag onto the canvas, and a .weft
// dropped on the window.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index';
import { launchBrowser, CHROMIUM, type Browser } from './browser';
import { ROOT, ensureRendererBuilt } from './build-renderer';
import { MOD, param, waitForAttribute } from './editor-page';
import { startHostProcess, type HostProcess } from './web-host-process';
import { examplePhoto } from './fixtures';

const SHOTS = join(ROOT, 'test-results', 'browser');
/** Runs in the page: pastes image bytes, as after copying an image in another app. */
const PASTE_IMAGE = `({ base64 }) => {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const data = new DataTransfer();
  data.items.add(new File([bytes], 'pasted.png', { type: 'image/png' }));
  document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
}`;
/** Runs in the page: drops a file on the window, as a user dragging it from their file manager would. */
const DROP_FILE = `({ name, text }) => {
  const data = new DataTransfer();
  data.items.add(new File([text], name, { type: 'application/json' }));
  document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
}`;

describe.skipIf(!existsSync(CHROMIUM))('the editor’s tools, at 1280x720', () => {
  let emulator: Emulator;
  let host: HostProcess;
  let browser: Browser;
  let work: string;
  const shot = (name: string) => browser.page.screenshot({ path: join(SHOTS, `${name}.png`) });
  const nodeCount = () => browser.page.locator('.react-flow__node').count();

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    work = mkdtempSync(join(tmpdir(), 'weft-tools-'));
    const [emu] = await Promise.all([startEmulator({ timing: { queueDelayMs: 100, predictMs: 1200 } }), ensureRendererBuilt()]);
    emulator = emu;
    host = await startHostProcess({ dataDir: join(work, 'data'), cacheDir: join(work, 'cache'), replicateBaseUrl: emulator.baseUrl, token: emulator.token });
    browser = await launchBrowser({ width: 1280, height: 720 });
    await browser.page.goto(host.url);
  }, 120_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await shot(`failed-tools-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => {});
  });

  afterAll(async () => {
    await browser?.close();
    await host?.kill();
    await emulator?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('opens an example; the toolbar fits at 1280x720; the prompt shows the trigger words the LoRAs add', async () => {
    const { page } = browser;
    await page.getByTestId('example-text-to-image-two-loras').click();
    await page.getByTestId('node-sampler').waitFor();
    for (const id of ['run', 'gallery-toggle', 'settings', 'help', 'save']) {
      const box = (await page.getByTestId(id).boundingBox())!;
      expect(box.x + box.width, id).toBeLessThanOrEqual(1280);
      expect(box.y + box.height, id).toBeLessThanOrEqual(60);
    }
    expect((await page.getByTestId('canvas').boundingBox())!.height).toBeGreaterThan(500);
    await expect.poll(() => page.getByTestId('prompt-text-triggers').textContent()).toMatch(/adds:.*style of 80s cyberpunk.*frstingln illustration/);
    await expect.poll(() => page.getByTestId('facts-sampler').textContent()).toMatch(/LoRA scale0\.9/);
  });

  it('recognises LoRA sources and flags one the model cannot load, on the field and from the compiler', async () => {
    const { page } = browser;
    expect(await page.getByTestId('style-source-kind').textContent()).toMatch(/Replicate model/);
    expect(await page.getByTestId('detail-source-kind').textContent()).toMatch(/Hugging Face/);
    const source = param(page, 'style', 'source').locator('input');
    await source.fill('https://example.com/weights.bin');
    await expect.poll(() => page.getByTestId('style-source-kind').textContent()).toMatch(/not a source the model can load/);
    await expect.poll(() => param(page, 'style', 'source').textContent()).toMatch(/Failed to parse URL/);
    await waitForAttribute(page.getByTestId('status-sampler'), 'data-status', (s) => s === 'blocked');
    await source.fill('https://civitai.com/models/12345/neon');
    await expect.poll(() => page.getByTestId('style-source-kind').textContent()).toMatch(/CivitAI/);
    await waitForAttribute(page.getByTestId('status-sampler'), 'data-status', (s) => s === 'will-run');
    await page.keyboard.press(`${MOD}+z`);
    await page.keyboard.press(`${MOD}+z`);
    await expect.poll(() => source.inputValue()).toBe('fofr/flux-80s-cyberpunk');
  });

  it('lists the shortcuts in Help', async () => {
    const { page } = browser;
    await page.locator('.react-flow__pane').click({ position: { x: 600, y: 600 } });
    await page.keyboard.press('?');
    await page.getByTestId('help-dialog').waitFor();
    const text = await page.getByTestId('help-dialog').textContent();
    for (const line of ['Add a node: search the node palette', 'Run up to the selected node', 'Copy, cut, paste nodes', 'Undo']) expect(text).toContain(line);
    await page.keyboard.press('Escape');
    await page.getByTestId('help-dialog').waitFor({ state: 'detached' });
  });

  it('copies and pastes nodes through the clipboard, and duplicates them', async () => {
    const { page } = browser;
    const before = await nodeCount();
    await page.getByTestId('node-prompt').locator('.node-header').click();
    await page.keyboard.press(`${MOD}+c`);
    await page.mouse.move(700, 650);
    await page.keyboard.press(`${MOD}+v`);
    await page.getByTestId('node-prompt-1').waitFor();
    expect(await param(page, 'prompt-1', 'text').locator('textarea').inputValue()).toBe(await param(page, 'prompt', 'text').locator('textarea').inputValue());
    await page.keyboard.press(`${MOD}+d`);
    await page.getByTestId('node-prompt-2').waitFor();
    expect(await nodeCount()).toBe(before + 2);
    await page.keyboard.press('Delete');
    await page.getByTestId('node-prompt-2').waitFor({ state: 'detached' });
    await page.getByTestId('node-prompt-1').locator('.node-header').click();
    await page.keyboard.press('Delete');
    await expect.poll(nodeCount).toBe(before);
  });

  it('runs only up to the selected node, and cancels a run', async () => {
    const { page } = browser;
    await page.getByTestId('node-sampler').locator('.node-header').click();
    await page.getByTestId('run-to-selected').click();
    await waitForAttribute(page.getByTestId('status-sampler'), 'data-status', (s) => s === 'done');
    await page.getByTestId('outputs-sampler').locator('img').first().waitFor();
    // With the seed random, the next run is a new prediction, which is canceled.
    await param(page, 'sampler', 'seed').getByRole('radio', { name: 'random' }).click();
    await page.getByTestId('run').click();
    await waitForAttribute(page.getByTestId('status-sampler'), 'data-status', (s) => s === 'queued' || s === 'running' || s === 'uploading');
    await page.getByTestId('cancel').click();
    await waitForAttribute(page.getByTestId('status-sampler'), 'data-status', (s) => s === 'canceled');
    await page.getByTestId('run').waitFor();
  });

  it('shows an output’s provenance in the gallery, compares it with its input, and drags it onto the canvas', async () => {
    const { page } = browser;
    await page.getByTestId('new').click();
    await page.keyboard.press('Escape');
    // An img2img chain, so the second output has an input image to compare with.
    await page.getByTestId('tab-' + (await page.locator('[data-testid^="tab-"]').first().getAttribute('data-testid'))!.slice(4)).waitFor();
    const drop = readFileSync(join(ROOT, 'resources', 'examples', 'text-to-image-then-img2img.weft'), 'utf8');
    // A .weft dropped anywhere on the window opens in a new tab.
    await page.evaluate(`(${DROP_FILE})(${JSON.stringify({ name: 'chain.weft', text: drop })})`);
    await page.getByTestId('node-paint').waitFor();
    await page.getByTestId('tidy').click();
    await page.getByTestId('run').click();
    await waitForAttribute(page.getByTestId('status-paint'), 'data-status', (s) => s === 'done', 30_000);

    await page.getByTestId('gallery-toggle').click();
    const paintOutput = page.locator('[data-testid="gallery-item"][title^="paint"]').first();
    await paintOutput.waitFor();
    await paintOutput.click();
    const detail = page.getByTestId('gallery-detail');
    await expect.poll(() => detail.textContent()).toMatch(/nodepaint.*model.*seed\d+.*predict time/);
    expect(await detail.textContent()).toMatch(/prompt/);
    await shot('04-gallery');
    await page.getByTestId('gallery-compare').click();
    await page.getByTestId('compare-slider').waitFor();
    await page.keyboard.press('Escape');
    const saved = join(work, 'paint-output.webp');
    await page.getByTestId('gallery-save').click();
    await page.getByTestId('path-prompt-input').fill(saved);
    await page.getByTestId('path-prompt-ok').click();
    await expect.poll(() => existsSync(saved)).toBe(true);
    expect(readFileSync(saved).subarray(8, 12).toString('latin1')).toBe('WEBP');
    // It carries the workflow that made it, inside and in a sidecar, and the editor says so.
    await expect.poll(async () => (await page.getByTestId('toast').allTextContents()).some((text) => text.includes(`Saved ${saved} with its workflow`))).toBe(true);
    expect(JSON.parse(readFileSync(`${saved}.json`, 'utf8'))).toMatchObject({ format: 'weft-provenance', call: { node: 'paint' } });

    const before = await nodeCount();
    await paintOutput.locator('img').dragTo(page.locator('.react-flow__pane'), { targetPosition: { x: 200, y: 500 } });
    await expect.poll(nodeCount).toBe(before + 1);
    await page.getByTestId('image-source-image-1').locator('img').waitFor();
    expect(browser.pageErrors).toEqual([]);
  });

  it('shows a failed prediction with its message, and the node that depended on it as blocked', async () => {
    const { page } = browser;
    await page.getByTestId('gallery-toggle').click();
    emulator.faults.failPredictions({ times: 1, promptIncludes: 'rainy city', error: 'CUDA out of memory' });
    await param(page, 'idea', 'text').locator('textarea').fill('a cozy reading nook with a window onto a rainy city, at night');
    await page.getByTestId('run').click();
    await waitForAttribute(page.getByTestId('status-draft'), 'data-status', (s) => s === 'failed', 30_000);
    await expect.poll(() => page.getByTestId('status-detail-draft').textContent()).toMatch(/CUDA out of memory/);
    await waitForAttribute(page.getByTestId('status-paint'), 'data-status', (s) => s === 'blocked');
    await expect.poll(() => page.getByTestId('status-detail-paint').textContent()).toMatch(/draft/);
    await expect.poll(() => page.getByTestId('toast').allTextContents()).toContainEqual(expect.stringMatching(/Node draft failed: .*CUDA out of memory/));
    await shot('06-failed-and-blocked');
  });

  it('makes an image node from pasted image bytes', async () => {
    const { page } = browser;
    // A click on empty canvas, above the nodes, clears the selection (a selected image node would take the paste).
    await page.mouse.click(640, 100);
    const base64 = readFileSync(examplePhoto(work)).toString('base64');
    const before = await nodeCount();
    await page.evaluate(`(${PASTE_IMAGE})(${JSON.stringify({ base64 })})`);
    await expect.poll(nodeCount).toBe(before + 1);
    await page.getByTestId('image-source-image-2').locator('img').waitFor();
  });

  it('keeps settings: what is saved is what the dialog shows next time', async () => {
    const { page } = browser;
    await page.getByTestId('settings').click();
    await page.getByTestId('concurrency').fill('3');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByTestId('toast').filter({ hasText: 'Settings saved' }).count()).toBe(1);
    await page.keyboard.press('Escape');
    await page.getByTestId('settings').click();
    await expect.poll(() => page.getByTestId('concurrency').inputValue()).toBe('3');
    expect(await page.getByTestId('token-status').textContent()).toMatch(/A token is set, kept from the REPLICATE_API_TOKEN environment variable/);
    await page.keyboard.press('Escape');
    expect(browser.pageErrors).toEqual([]);
  });
});

// A new user's first session, in Debian's Chromium against the browser host and the Replicate
// emulator: enter the token, build a graph from the palette, connect by dragging, set params, paint a
// mask, run and watch it, undo and redo, save, reload and reopen, and recover after the host is killed.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index';
import { launchBrowser, CHROMIUM, type Browser } from './browser';
import { ROOT, ensureRendererBuilt } from './build-renderer';
import { addNodeAt, centre, connect, drag, handle, MOD, param, setNumber, waitForAttribute } from './editor-page';
import { examplePhoto } from './fixtures';
import { startHostProcess, type HostProcess } from './web-host-process';

const SHOTS = join(ROOT, 'test-results', 'browser');
/** What the checks read of an <img> in the page (this file is type-checked without the DOM library). */
type LoadedImage = { complete: boolean; naturalWidth: number };
const hasChromium = existsSync(CHROMIUM);

describe.skipIf(!hasChromium)('the editor, as a new user works', () => {
  let emulator: Emulator;
  let host: HostProcess;
  let browser: Browser;
  let work: string;
  const dirs = () => ({ dataDir: join(work, 'data'), cacheDir: join(work, 'cache'), replicateBaseUrl: emulator.baseUrl });
  const shot = (name: string) => browser.page.screenshot({ path: join(SHOTS, `${name}.png`) });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    work = mkdtempSync(join(tmpdir(), 'weft-journey-'));
    const [emu] = await Promise.all([startEmulator({ timing: { queueDelayMs: 100, predictMs: 1500 } }), ensureRendererBuilt()]);
    emulator = emu;
    host = await startHostProcess(dirs());
    browser = await launchBrowser({ width: 1440, height: 900 });
  }, 120_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await shot(`failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => {});
  });

  afterAll(async () => {
    await browser?.close();
    await host?.kill();
    await emulator?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('starts on the welcome view and takes the token after testing it', async () => {
    const { page } = browser;
    await page.goto(host.url);
    await page.getByTestId('welcome').waitFor();
    await page.getByTestId('token-callout').waitFor();
    await shot('01-welcome');
    await page.getByTestId('enter-token').click();
    await page.getByTestId('token-input').fill('r8_not_a_real_token');
    await page.getByTestId('token-save').click();
    await expect.poll(() => page.getByTestId('token-result').textContent()).toMatch(/Not stored/);
    await page.getByTestId('token-input').fill(emulator.token);
    await page.getByTestId('token-save').click();
    await expect.poll(() => page.getByTestId('token-result').textContent()).toMatch(/Token works/);
    // Never shown back: the field is empty and the page holds the token nowhere visible.
    expect(await page.getByTestId('token-input').inputValue()).toBe('');
    expect(await page.content()).not.toContain(emulator.token);
    await page.keyboard.press('Escape');
    await page.getByTestId('token-callout').waitFor({ state: 'detached' });
  });

  it('builds a graph from the palette and connects it by dragging handles', async () => {
    const { page } = browser;
    await page.getByTestId('welcome-new').click();
    await page.getByTestId('canvas').waitFor();
    // Mod+K opens the palette where the pointer is.
    await page.mouse.move(80, 140);
    await page.keyboard.press(`${MOD}+k`);
    await page.getByLabel('Search node types').fill('prom');
    await page.keyboard.press('Enter');
    await page.getByTestId('node-prompt-1').waitFor();
    await param(page, 'prompt-1', 'text').locator('textarea').fill('a lighthouse on a cliff at dusk');

    await addNodeAt(page, { x: 820, y: 110 }, 'sampler');
    await page.getByTestId('node-sampler-1').waitFor();
    await addNodeAt(page, { x: 80, y: 460 }, 'image');
    await page.getByTestId('node-image-1').waitFor();

    await connect(page, ['prompt-1', 'prompt'], ['sampler-1', 'prompt']);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(1);

    // A connection of the wrong type is refused, and the toast says why.
    await connect(page, ['prompt-1', 'prompt'], ['sampler-1', 'image']);
    await expect.poll(() => page.getByTestId('toast').last().textContent()).toMatch(/a prompt cannot go into image \(it takes an image\)/);
    expect(await page.locator('.react-flow__edge').count()).toBe(1);

    // The sampler compiles: text to image at the default size, with a cost estimate before running.
    await expect.poll(() => page.getByTestId('facts-sampler-1').textContent()).toMatch(/text to image.*1024 × 1024/);
    await expect.poll(() => page.getByTestId('run-summary').textContent()).toMatch(/1 of 1 to run · ~\$/);
  });

  it('marks invalid values at once and shows the real output size', async () => {
    const { page } = browser;
    await setNumber(page, 'sampler-1', 'num_inference_steps', 80);
    await expect.poll(() => param(page, 'sampler-1', 'num_inference_steps').textContent()).toMatch(/must be a whole number between 1 and 50/);
    await setNumber(page, 'sampler-1', 'num_inference_steps', 20);
    await expect.poll(() => param(page, 'sampler-1', 'num_inference_steps').textContent()).not.toMatch(/must be/);
    await param(page, 'sampler-1', 'aspect_ratio').locator('select').selectOption('16:9');
    await expect.poll(() => page.getByTestId('facts-sampler-1').textContent()).toMatch(/1344 × 768/);
  });

  it('takes an image from a file, adds a mask by dropping a connection, and paints it', async () => {
    const { page } = browser;
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('choose-image-image-1').click()]);
    await chooser.setFiles(examplePhoto(work));
    await page.getByTestId('image-source-image-1').locator('img').waitFor();

    // Dropping a connection from the image on empty canvas offers only node types that take an image.
    await drag(page, await centre(handle(page, 'image-1', 'out', 'image')), { x: 470, y: 470 });
    await page.getByTestId('palette').waitFor();
    const offered = await Promise.all((await page.locator('[data-testid^="palette-item-"]').all()).map((item) => item.getAttribute('data-testid')));
    expect(offered).toContain('palette-item-mask');
    expect(offered).not.toContain('palette-item-prompt');
    expect(offered).not.toContain('palette-item-lora');
    await page.getByTestId('palette-item-mask').click();
    await page.getByTestId('node-mask-1').waitFor();
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);

    await page.getByTestId('paint-mask-mask-1').click();
    const canvas = page.getByTestId('mask-canvas');
    await canvas.waitFor();
    await expect.poll(() => page.getByTestId('mask-coverage').textContent()).toBe('0% repainted');
    expect(Number(await page.getByTestId('mask-coverage').getAttribute('data-coverage'))).toBe(0);
    const box = (await canvas.boundingBox())!;
    await drag(page, { x: box.x + box.width * 0.55, y: box.y + box.height * 0.3 }, { x: box.x + box.width * 0.8, y: box.y + box.height * 0.45 }, 20);
    // The share of the image the mask repaints, 0..1, as the painter measures it.
    const coverage = async () => Number(await page.getByTestId('mask-coverage').getAttribute('data-coverage'));
    await expect.poll(coverage).toBeGreaterThan(0);
    const stroke = await coverage();
    const painter = page.getByTestId('mask-painter');
    await painter.getByRole('button', { name: 'Fill' }).click();
    await expect.poll(coverage).toBe(1);
    await painter.getByRole('button', { name: 'Invert' }).click();
    await expect.poll(coverage).toBe(0);
    await painter.getByRole('button', { name: 'Undo' }).click();
    await painter.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(coverage).toBe(stroke);
    // The eraser takes back part of the stroke.
    await painter.getByRole('radio', { name: 'Eraser' }).click();
    await drag(page, { x: box.x + box.width * 0.78, y: box.y + box.height * 0.3 }, { x: box.x + box.width * 0.78, y: box.y + box.height * 0.5 }, 10);
    await expect.poll(coverage).toBeLessThan(stroke);
    await painter.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(coverage).toBe(stroke);
    await shot('02-mask-painter');
    await page.getByTestId('mask-save').click();
    await page.getByTestId('mask-preview-mask-1').waitFor();

    await connect(page, ['image-1', 'image'], ['sampler-1', 'image']);
    await connect(page, ['mask-1', 'mask'], ['sampler-1', 'mask']);
    await expect.poll(() => page.getByTestId('facts-sampler-1').textContent()).toMatch(/inpainting/);
  });

  it('runs against the emulator, with progress, then thumbnails; a second run comes from the cache', async () => {
    const { page } = browser;
    await param(page, 'sampler-1', 'seed').getByRole('radio', { name: 'fixed' }).click();
    await page.getByTestId('run').click();
    await waitForAttribute(page.getByTestId('status-sampler-1'), 'data-status', (s) => s === 'running' || s === 'queued' || s === 'uploading');
    await page.getByTestId('progress-sampler-1').waitFor({ timeout: 20_000 });
    await shot('03-running');
    await waitForAttribute(page.getByTestId('status-sampler-1'), 'data-status', (s) => s === 'done');
    await page.getByTestId('outputs-sampler-1').locator('img').first().waitFor();
    // The thumbnail is decoded off the main thread: it shows once loaded, not the moment it is attached.
    await expect.poll(() => page.getByTestId('outputs-sampler-1').locator('img').first().evaluate((img) => (img as unknown as LoadedImage).naturalWidth)).toBeGreaterThan(0);
    // With the seed fixed, nothing changed: the same graph is now free.
    await expect.poll(() => page.getByTestId('run-summary').textContent()).toMatch(/all 1 call cached · free/);

    // The picture of the editor for the README: the graph tidied, the output open in the gallery.
    await page.getByTestId('gallery-toggle').click();
    await page.getByTestId('gallery-item').first().click();
    await page.getByTestId('gallery-detail').waitFor();
    await page.getByTestId('tidy').click();
    await expect.poll(async () => {
      for (const close of await page.getByTestId('toast').getByRole('button', { name: 'Dismiss' }).all()) await close.click({ timeout: 500 }).catch(() => {});
      return page.getByTestId('toast').count();
    }, { timeout: 5000 }).toBe(0);
    await page.mouse.move(700, 880);
    await page.waitForTimeout(600);
    for (const img of [page.getByTestId('gallery-detail').locator('img').first(), page.getByTestId('outputs-sampler-1').locator('img').first()]) {
      await expect.poll(() => img.evaluate((i) => (i as unknown as LoadedImage).complete && (i as unknown as LoadedImage).naturalWidth > 0)).toBe(true);
    }
    await shot('04-editor');
    if (process.env.WEFT_UPDATE_SCREENSHOT === '1') await page.screenshot({ path: join(ROOT, 'docs', 'screenshot.png') });
    await page.getByTestId('gallery-toggle').click();
  });

  it('undoes and redoes every edit: a param, a whole typed phrase, a deletion', async () => {
    const { page } = browser;
    const steps = param(page, 'sampler-1', 'num_inference_steps').locator('input.number-box');
    await setNumber(page, 'sampler-1', 'num_inference_steps', 33);
    // The output on the node now comes from other settings: stale, and the node says why.
    await waitForAttribute(page.getByTestId('status-sampler-1'), 'data-status', (s) => s === 'stale');
    await expect.poll(() => page.getByTestId('status-detail-sampler-1').textContent()).toMatch(/^Will run again: .+/);
    await page.keyboard.press(`${MOD}+z`);
    await expect.poll(() => steps.inputValue()).toBe('20');
    await waitForAttribute(page.getByTestId('status-sampler-1'), 'data-status', (s) => s === 'cached');
    await page.keyboard.press(`${MOD}+Shift+z`);
    await expect.poll(() => steps.inputValue()).toBe('33');
    await page.getByTestId('undo').click();
    await expect.poll(() => steps.inputValue()).toBe('20');

    // Typing is one step, not one per key.
    const text = param(page, 'prompt-1', 'text').locator('textarea');
    await text.click();
    await text.press('End');
    await text.pressSequentially(' and gulls');
    await expect.poll(() => text.inputValue()).toBe('a lighthouse on a cliff at dusk and gulls');
    await page.keyboard.press(`${MOD}+z`);
    await expect.poll(() => text.inputValue()).toBe('a lighthouse on a cliff at dusk');

    // Deleting a node takes its connections with it; one undo brings all of it back.
    expect(await page.locator('.react-flow__edge').count()).toBe(4);
    await page.getByTestId('node-mask-1').locator('.node-header').click();
    await page.keyboard.press('Delete');
    await page.getByTestId('node-mask-1').waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
    await page.getByTestId('undo').click();
    await page.getByTestId('mask-preview-mask-1').waitFor();
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(4);
  });

  it('saves to a file; after a reload it is open again, and reopens from Recent with its outputs cached', async () => {
    const { page } = browser;
    const file = join(work, 'lighthouse.weft');
    await page.keyboard.press(`${MOD}+s`);
    await page.getByTestId('path-prompt-input').fill(file);
    await page.getByTestId('path-prompt-ok').click();
    await page.getByTestId('dirty-mark').waitFor({ state: 'detached' });
    expect(await page.title()).toBe('lighthouse — Weft');
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { nodes: { id: string; params: Record<string, unknown> }[]; assets: Record<string, { type: string }> };
    const mask = saved.nodes.find((n) => n.id === 'mask-1')!;
    expect(saved.assets[mask.params.asset as string]?.type).toBe('image/png');
    expect(saved.nodes.find((n) => n.id === 'sampler-1')!.params.num_inference_steps).toBe(20);

    // After a reload the file is open again by itself; closed, it comes back from Recent.
    await page.reload();
    await page.getByTestId('node-sampler-1').waitFor();
    await page.getByRole('button', { name: 'Close lighthouse' }).click();
    await page.getByTestId('welcome').waitFor();
    await page.getByTestId('recent').click();
    await page.getByTestId('recent-lighthouse').click();
    await page.getByTestId('node-sampler-1').waitFor();
    expect(await param(page, 'sampler-1', 'num_inference_steps').locator('input.number-box').inputValue()).toBe('20');
    await page.getByTestId('mask-preview-mask-1').waitFor();
    // Nothing changed since the run: the cache answers, and the output is back on the node.
    await waitForAttribute(page.getByTestId('status-sampler-1'), 'data-status', (s) => s === 'cached');
    await page.getByTestId('outputs-sampler-1').locator('img').first().waitFor();
    await expect.poll(() => page.getByTestId('run-summary').textContent()).toMatch(/all 1 call cached · free/);
  });

  it('offers the unsaved edit back after the host is killed, and restores it', async () => {
    const { page } = browser;
    const text = param(page, 'prompt-1', 'text').locator('textarea');
    await text.fill('a lighthouse in a winter storm');
    await page.getByTestId('dirty-mark').waitFor();
    await waitForAttribute(page.getByTestId('autosave-status'), 'data-saved-at', (v) => Boolean(v));
    await host.kill('SIGKILL');
    host = await startHostProcess(dirs());
    await page.goto(host.url);
    await page.getByTestId('recovery-offer').waitFor();
    await shot('05-recovery-offer');
    await page.getByTestId('recovery-offer').getByRole('button', { name: 'Restore' }).click();
    await page.getByTestId('node-prompt-1').waitFor();
    expect(await param(page, 'prompt-1', 'text').locator('textarea').inputValue()).toBe('a lighthouse in a winter storm');
    await page.getByTestId('dirty-mark').waitFor();
    expect(browser.pageErrors).toEqual([]);
  });
});

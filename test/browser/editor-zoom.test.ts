// A big graph in Debian's Chromium against the browser host and the Replicate emulator: zoomed out too far
// to read, nodes are drawn as summaries (header and state, handles, thumbnails, a count of problems) and the
// snap grid's dots are not drawn; a selected or focused node, and every node once zoomed in, is drawn in
// full again. Edges, runs and selection work throughout.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index';
import { launchBrowser, CHROMIUM, type Browser } from './browser';
import { ROOT, ensureRendererBuilt } from './build-renderer';
import { addNodeAt, handle, MOD, param, waitForAttribute } from './editor-page';
import { startHostProcess, type HostProcess } from './web-host-process';

const SHOTS = join(ROOT, 'test-results', 'browser');
/** Runs in the page: drops a .weft on the window, as a user dragging it from their files. */
const DROP_FILE = `({ name, text }) => {
  const data = new DataTransfer();
  data.items.add(new File([text], name, { type: 'application/json' }));
  document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
}`;
/** Runs in the page: a point of the canvas where a click lands on the empty pane. */
const EMPTY_PANE_POINT = `(() => {
  const box = document.querySelector('.react-flow__pane').getBoundingClientRect();
  for (let y = box.top + 20; y < box.bottom - 20; y += 9)
    for (let x = box.left + 80; x < box.right - 200; x += 13)
      if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
  return null;
})()`;
const CHAINS = 30;
const NODES = 3 * CHAINS;

/** 30 chains of prompt -> sampler -> output on a 6 x 5 grid: 90 nodes, too wide to read once fitted. */
function bigWorkflow(): string {
  const nodes: unknown[] = [];
  const edges: unknown[] = [];
  for (let i = 0; i < CHAINS; i++) {
    const x = (i % 6) * 1200;
    const y = Math.floor(i / 6) * 700;
    nodes.push({ id: `p${i}`, type: 'prompt', position: { x, y }, params: { text: `a lighthouse on a cliff, study ${i}` } });
    nodes.push({ id: `s${i}`, type: 'sampler', position: { x: x + 380, y }, params: { seed: 100 + i, num_inference_steps: 4, megapixels: '0.25' } });
    nodes.push({ id: `o${i}`, type: 'output', position: { x: x + 760, y }, params: { prefix: `study-${i}` } });
    edges.push({ id: `a${i}`, from: { node: `p${i}`, port: 'prompt' }, to: { node: `s${i}`, port: 'prompt' } });
    edges.push({ id: `b${i}`, from: { node: `s${i}`, port: 'images' }, to: { node: `o${i}`, port: 'images' } });
  }
  return JSON.stringify({ format: 'weft-workflow', version: 1, name: 'Many studies', nodes, edges });
}

describe.skipIf(!existsSync(CHROMIUM))('a big graph, zoomed out and in', () => {
  let emulator: Emulator;
  let host: HostProcess;
  let browser: Browser;
  let work: string;
  const shot = (name: string) => browser.page.screenshot({ path: join(SHOTS, `${name}.png`) });
  const zoom = async () => Number(/scale\(([\d.]+)\)/.exec((await browser.page.locator('.react-flow__viewport').getAttribute('style')) ?? '')?.[1]);
  const summaries = () => browser.page.locator('[data-detail="summary"]').count();
  const clickEmptyPane = async () => {
    const point = (await browser.page.evaluate(EMPTY_PANE_POINT)) as { x: number; y: number } | null;
    if (!point) throw new Error('no empty pane to click');
    await browser.page.mouse.click(point.x, point.y);
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    work = mkdtempSync(join(tmpdir(), 'weft-zoom-'));
    const [emu] = await Promise.all([startEmulator({ timing: { queueDelayMs: 5, predictMs: 30 } }), ensureRendererBuilt()]);
    emulator = emu;
    host = await startHostProcess({ dataDir: join(work, 'data'), cacheDir: join(work, 'cache'), replicateBaseUrl: emulator.baseUrl, token: emulator.token });
    browser = await launchBrowser({ width: 1280, height: 800 });
    await browser.page.goto(host.url);
    await browser.page.getByTestId('welcome').waitFor();
  }, 120_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await shot(`failed-zoom-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => {});
  });

  afterAll(async () => {
    await browser?.close();
    await host?.kill();
    await emulator?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('opens fitted and zoomed out: every node a summary with its handles, edges drawn, no grid dots', async () => {
    const { page } = browser;
    await page.evaluate(`(${DROP_FILE})(${JSON.stringify({ name: 'studies.weft', text: bigWorkflow() })})`);
    await page.getByTestId('node-s0').waitFor();
    await expect.poll(zoom).toBeLessThan(0.45);
    await expect.poll(summaries).toBe(NODES);
    const sampler = page.getByTestId('node-s0');
    expect(await sampler.getAttribute('data-detail')).toBe('summary');
    expect(await sampler.locator('.node-title').textContent()).toBe('Sampler');
    expect(await sampler.locator('.node-id').textContent()).toBe('s0');
    // Its state, and its handles with their ports in a tooltip; no form.
    await waitForAttribute(page.getByTestId('status-s0'), 'data-status', (s) => s === 'will-run');
    expect(await handle(page, 's0', 'in', 'prompt').getAttribute('title')).toMatch(/^prompt: takes a prompt/);
    for (const port of ['lora', 'image', 'mask', 'inversion']) await handle(page, 's0', 'in', port).waitFor();
    await handle(page, 's0', 'out', 'images').waitFor();
    expect(await param(page, 's0', 'seed').count()).toBe(0);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2 * CHAINS);
    await expect.poll(() => page.locator('.react-flow__minimap-node').count()).toBe(NODES);
    expect(await page.locator('.react-flow__background').count()).toBe(0);
    await shot('zoom-01-summaries');
  });

  it('runs, and shows the states and thumbnails on the summaries', async () => {
    const { page } = browser;
    await page.getByTestId('run').click();
    await waitForAttribute(page.getByTestId(`status-s${CHAINS - 1}`), 'data-status', (s) => s === 'done', 60_000);
    await waitForAttribute(page.getByTestId('status-s0'), 'data-status', (s) => s === 'done' || s === 'cached');
    const thumb = page.getByTestId('outputs-s0').locator('img');
    await thumb.waitFor();
    expect(await thumb.getAttribute('alt')).toBe('Output 1 of s0');
    await expect.poll(() => thumb.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0)).toBe(true);
    expect(await page.getByTestId('node-s0').getAttribute('data-detail')).toBe('summary');
    await shot('zoom-02-summaries-run');
  });

  it('draws a selected node, and a focused one, in full while the others stay summaries', async () => {
    const { page } = browser;
    await page.getByTestId('node-s3').locator('.node-header').click();
    await param(page, 's3', 'seed').waitFor();
    expect(await page.getByTestId('node-s3').getAttribute('data-detail')).toBeNull();
    expect(await page.getByTestId('node-s4').getAttribute('data-detail')).toBe('summary');
    await expect.poll(summaries).toBe(NODES - 1);
    // A click on the empty canvas clears the selection: back to a summary.
    await clickEmptyPane();
    await expect.poll(() => page.getByTestId('node-s3').getAttribute('data-detail')).toBe('summary');
    // Keyboard focus on a node (React Flow makes each one focusable) draws it in full too.
    await page.getByTestId('rf__node-p5').focus();
    await param(page, 'p5', 'text').waitFor();
    expect(await page.getByTestId('node-p4').getAttribute('data-detail')).toBe('summary');
    await page.getByTestId('rf__node-p5').blur();
    await expect.poll(() => page.getByTestId('node-p5').getAttribute('data-detail')).toBe('summary');
  });

  it('counts a summary’s problems, their messages in its tooltip', async () => {
    const { page } = browser;
    // A sampler added with nothing connected: its prompt is missing.
    const point = (await page.evaluate(EMPTY_PANE_POINT)) as { x: number; y: number };
    await addNodeAt(page, point, 'sampler');
    await page.getByTestId('node-sampler-1').waitFor();
    await clickEmptyPane();
    await expect.poll(() => page.getByTestId('node-sampler-1').getAttribute('data-detail')).toBe('summary');
    await waitForAttribute(page.getByTestId('status-sampler-1'), 'data-status', (s) => s === 'error');
    const problems = page.getByTestId('problems-sampler-1');
    expect(await problems.getAttribute('class')).toBe('summary-problems error');
    expect(await problems.textContent()).toMatch(/^1 error$|^\d+ problems$/);
    expect(await problems.getAttribute('title')).toMatch(/prompt: .*connect/);
    await page.keyboard.press(`${MOD}+z`);
    await page.getByTestId('node-sampler-1').waitFor({ state: 'detached' });
  });

  it('draws every node in full, and the grid dots, once zoomed in', async () => {
    const { page } = browser;
    while ((await zoom()) < 0.5) await page.locator('.react-flow__controls-zoomin').click();
    await expect.poll(summaries).toBe(0);
    const drawn = await page.locator('.react-flow__node').count();
    expect(drawn).toBeGreaterThan(0);
    expect(await page.locator('.weft-node .params').count()).toBe(drawn);
    await page.locator('.react-flow__background').waitFor();
    // Zoomed out again, they are summaries again.
    await page.locator('.react-flow__controls-fitview').click();
    await expect.poll(summaries).toBe(NODES);
    expect(browser.pageErrors).toEqual([]);
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_STATE, keepOnScreen, loadWindowState, saveWindowState, windowStatePath } from '../../src/main/window-state';

const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'weft-window-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('window state', () => {
  it('round-trips size, position and maximized', async () => {
    await saveWindowState(dir, { width: 1300.4, height: 820, x: 40, y: 30.6, maximized: true });
    expect(await loadWindowState(dir, screen)).toEqual({ width: 1300, height: 820, x: 40, y: 31, maximized: true });
  });

  it('falls back to defaults for a missing, damaged or invalid file', async () => {
    expect(await loadWindowState(dir, screen)).toEqual(DEFAULT_WINDOW_STATE);
    writeFileSync(windowStatePath(dir), '{ not json');
    expect(await loadWindowState(dir, screen)).toEqual(DEFAULT_WINDOW_STATE);
    writeFileSync(windowStatePath(dir), JSON.stringify({ width: 'big', height: 10 }));
    expect(await loadWindowState(dir, screen)).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('drops a position that is no longer on any display', async () => {
    writeFileSync(windowStatePath(dir), JSON.stringify({ width: 1200, height: 800, x: 3000, y: 100, maximized: false }));
    const state = await loadWindowState(dir, screen);
    expect(state).toMatchObject({ width: 1200, height: 800 });
    expect(state.x).toBeUndefined();
    expect(keepOnScreen({ width: 1200, height: 800, x: -1190, y: 10, maximized: false }, screen).x).toBeUndefined();
    expect(keepOnScreen({ width: 1200, height: 800, x: 100, y: -500, maximized: false }, screen).y).toBeUndefined();
    expect(keepOnScreen({ width: 1200, height: 800, x: 2000, y: 50, maximized: false }, [...screen, { x: 1920, y: 0, width: 1920, height: 1080 }]).x).toBe(2000);
  });

  it('writes JSON a person can read', async () => {
    await saveWindowState(dir, { width: 1300, height: 820, maximized: false });
    expect(JSON.parse(readFileSync(windowStatePath(dir), 'utf8'))).toEqual({ width: 1300, height: 820, maximized: false });
  });
});

// The main window's size, position and maximized state, remembered across starts in userData. Read
// defensively (zod; a damaged file means defaults) and a position no longer on any display (a monitor
// unplugged since) is dropped so the window never opens out of reach.
import path from 'node:path';
import { z } from 'zod';
import type { Rectangle } from 'electron';
import { readJsonFile } from '../runtime/storage/read-json';
import { writeFileAtomic } from '../runtime/storage/atomic';

export const WINDOW_STATE_FILE_NAME = 'window-state.json';

const Size = z.number().int().min(200).max(20_000);
const Coordinate = z.number().int().min(-50_000).max(50_000);
export const WindowStateSchema = z.object({
  width: Size,
  height: Size,
  x: Coordinate.optional(),
  y: Coordinate.optional(),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1440, height: 900, maximized: false };

/** How much of the window's top strip must be on a display for its position to count (title bar). */
const MIN_VISIBLE = 64;

function overlaps(a: Rectangle, b: Rectangle): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** The state with its position dropped when the window's title strip would not be on any display. */
export function keepOnScreen(state: WindowState, workAreas: Rectangle[]): WindowState {
  if (state.x === undefined || state.y === undefined) return { ...state, x: undefined, y: undefined };
  const titleStrip = { x: state.x, y: state.y, width: state.width, height: 32 };
  const visible = workAreas.some((area) => overlaps(titleStrip, area) >= MIN_VISIBLE * 32);
  return visible ? state : { ...state, x: undefined, y: undefined };
}

export function windowStatePath(userDataDir: string): string {
  return path.join(userDataDir, WINDOW_STATE_FILE_NAME);
}

export async function loadWindowState(userDataDir: string, workAreas: Rectangle[]): Promise<WindowState> {
  const read = await readJsonFile(windowStatePath(userDataDir), WindowStateSchema);
  return read.ok ? keepOnScreen(read.value, workAreas) : DEFAULT_WINDOW_STATE;
}

export async function saveWindowState(userDataDir: string, state: WindowState): Promise<void> {
  // Bounds can be fractional on scaled displays; the file holds whole pixels.
  const round = (value: number | undefined) => (value === undefined ? undefined : Math.round(value));
  const checked = WindowStateSchema.parse({ ...state, width: round(state.width), height: round(state.height), x: round(state.x), y: round(state.y) });
  await writeFileAtomic(windowStatePath(userDataDir), `${JSON.stringify(checked, null, 2)}\n`);
}

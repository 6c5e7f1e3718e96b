/**
 * Remembering the window's size and place between runs. Pure, so the awkward cases (a monitor unplugged since last
 * time, a hand-edited or corrupt file) are tested without a display.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export interface WindowSizeLimits {
  defaultWidth: number;
  defaultHeight: number;
  minWidth: number;
  minHeight: number;
}

/** What to pass to BrowserWindow: no x/y means "let the OS centre it". */
export interface RestoredBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const WINDOW_STATE_FILE = 'window-state.json';

/** A window must show at least this much of itself on some display to be left where it was. */
const MIN_VISIBLE_PX = 100;
/** Beyond any real display arrangement; larger values are treated as corrupt. */
const MAX_COORDINATE = 100_000;

function isCoordinate(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= MAX_COORDINATE;
}
function isLength(v: unknown): v is number {
  return isCoordinate(v) && v > 0;
}

/** Reads a saved state defensively: anything unexpected yields null, never an exception. */
export function parseWindowState(text: string): WindowState | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as { bounds?: unknown; maximized?: unknown };
  const b = v.bounds as Partial<Record<keyof Rect, unknown>> | null | undefined;
  if (typeof b !== 'object' || b === null) return null;
  if (!isCoordinate(b.x) || !isCoordinate(b.y) || !isLength(b.width) || !isLength(b.height)) return null;
  return { bounds: { x: b.x, y: b.y, width: b.width, height: b.height }, maximized: v.maximized === true };
}

export function serializeWindowState(state: WindowState): string {
  const { x, y, width, height } = state.bounds;
  return `${JSON.stringify({ bounds: { x, y, width, height }, maximized: state.maximized }, null, 2)}\n`;
}

function overlapArea(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max));
}

/**
 * Where to open the window, given what was saved and the displays' work areas (primary first).
 *
 * If the saved window still shows enough of itself on some display, it is shrunk to fit that display and moved fully
 * inside it; otherwise only its size is kept (fitted to the primary display) and the OS centres it.
 */
export function restoreBounds(saved: WindowState | null, workAreas: readonly Rect[], limits: WindowSizeLimits): RestoredBounds {
  const primary = workAreas[0];
  const fitSize = (width: number, height: number, area: Rect | undefined): { width: number; height: number } => ({
    width: clamp(width, limits.minWidth, area ? area.width : width),
    height: clamp(height, limits.minHeight, area ? area.height : height),
  });

  if (!saved) {
    return { ...fitSize(limits.defaultWidth, limits.defaultHeight, primary), maximized: false };
  }

  let best: Rect | undefined;
  let bestArea = 0;
  for (const area of workAreas) {
    const o = overlapArea(saved.bounds, area);
    if (o.width >= Math.min(MIN_VISIBLE_PX, saved.bounds.width) && o.height >= Math.min(MIN_VISIBLE_PX, saved.bounds.height)) {
      if (o.width * o.height > bestArea) {
        best = area;
        bestArea = o.width * o.height;
      }
    }
  }

  if (!best) {
    return { ...fitSize(saved.bounds.width, saved.bounds.height, primary), maximized: saved.maximized };
  }
  const size = fitSize(saved.bounds.width, saved.bounds.height, best);
  return {
    x: clamp(saved.bounds.x, best.x, best.x + best.width - size.width),
    y: clamp(saved.bounds.y, best.y, best.y + best.height - size.height),
    ...size,
    maximized: saved.maximized,
  };
}

import { describe, expect, it } from 'vitest';
import {
  parseWindowState,
  restoreBounds,
  serializeWindowState,
  type Rect,
  type WindowState,
} from '../../../src-main/main/window-state';

const LIMITS = { defaultWidth: 1280, defaultHeight: 820, minWidth: 960, minHeight: 640 };
const LAPTOP: Rect = { x: 0, y: 25, width: 1440, height: 875 };
const RIGHT_MONITOR: Rect = { x: 1440, y: 0, width: 2560, height: 1440 };

const state = (x: number, y: number, width: number, height: number, maximized = false): WindowState => ({
  bounds: { x, y, width, height },
  maximized,
});

describe('parseWindowState', () => {
  it('round-trips what serializeWindowState wrote', () => {
    const s = state(10, 20, 1000, 700, true);
    expect(parseWindowState(serializeWindowState(s))).toEqual(s);
  });

  it('only keeps the known fields', () => {
    const parsed = parseWindowState('{"bounds":{"x":1,"y":2,"width":1000,"height":700,"evil":1},"maximized":"yes","x":9}');
    expect(parsed).toEqual(state(1, 2, 1000, 700, false));
  });

  it.each([
    ['not JSON', '{'],
    ['null', 'null'],
    ['an array', '[]'],
    ['no bounds', '{"maximized":true}'],
    ['a string coordinate', '{"bounds":{"x":"1","y":2,"width":1000,"height":700}}'],
    ['a fractional size', '{"bounds":{"x":1,"y":2,"width":1000.5,"height":700}}'],
    ['a zero width', '{"bounds":{"x":1,"y":2,"width":0,"height":700}}'],
    ['a negative height', '{"bounds":{"x":1,"y":2,"width":1000,"height":-700}}'],
    ['an absurd coordinate', '{"bounds":{"x":1e12,"y":2,"width":1000,"height":700}}'],
    ['a missing field', '{"bounds":{"x":1,"y":2,"width":1000}}'],
  ])('rejects %s', (_label, text) => {
    expect(parseWindowState(text)).toBeNull();
  });
});

describe('restoreBounds', () => {
  it('uses the default size, centred, when nothing was saved', () => {
    expect(restoreBounds(null, [LAPTOP], LIMITS)).toEqual({ width: 1280, height: 820, maximized: false });
  });

  it('fits the default size to a small screen, never below the minimum', () => {
    const small: Rect = { x: 0, y: 0, width: 1024, height: 600 };
    expect(restoreBounds(null, [small], LIMITS)).toEqual({ width: 1024, height: 640, maximized: false });
  });

  it('puts a window back exactly where it was when that is still on screen', () => {
    expect(restoreBounds(state(100, 60, 1100, 700), [LAPTOP], LIMITS)).toEqual({ x: 100, y: 60, width: 1100, height: 700, maximized: false });
  });

  it('keeps a window on a secondary display', () => {
    expect(restoreBounds(state(2000, 200, 1600, 1000, true), [LAPTOP, RIGHT_MONITOR], LIMITS)).toEqual({
      x: 2000,
      y: 200,
      width: 1600,
      height: 1000,
      maximized: true,
    });
  });

  it('centres a window whose monitor has been unplugged, keeping its size if it fits', () => {
    expect(restoreBounds(state(2000, 200, 1200, 800, true), [LAPTOP], LIMITS)).toEqual({ width: 1200, height: 800, maximized: true });
  });

  it('shrinks a window from a big monitor to fit the only screen left', () => {
    expect(restoreBounds(state(2000, 100, 2400, 1300), [LAPTOP], LIMITS)).toEqual({ width: 1440, height: 875, maximized: false });
  });

  it('pulls a partly off-screen window fully back on screen', () => {
    expect(restoreBounds(state(1000, 500, 1000, 700), [LAPTOP], LIMITS)).toEqual({ x: 440, y: 200, width: 1000, height: 700, maximized: false });
    expect(restoreBounds(state(-800, -300, 1000, 700), [LAPTOP], LIMITS)).toEqual({ x: 0, y: 25, width: 1000, height: 700, maximized: false });
  });

  it('does not count a sliver of a window as visible', () => {
    // Only 50 px of the window overlap the laptop: treat it as lost and centre it.
    expect(restoreBounds(state(1390, 100, 1000, 700), [LAPTOP], LIMITS)).toEqual({ width: 1000, height: 700, maximized: false });
  });

  it('prefers the display showing most of the window', () => {
    const r = restoreBounds(state(1300, 100, 1200, 800), [LAPTOP, RIGHT_MONITOR], LIMITS);
    expect(r).toEqual({ x: 1440, y: 100, width: 1200, height: 800, maximized: false });
  });

  it('enforces the minimum size even for a tiny saved window', () => {
    expect(restoreBounds(state(100, 100, 200, 100), [LAPTOP], LIMITS)).toMatchObject({ width: 960, height: 640 });
  });

  it('copes with no displays reported', () => {
    expect(restoreBounds(state(100, 100, 1000, 700), [], LIMITS)).toEqual({ width: 1000, height: 700, maximized: false });
  });
});

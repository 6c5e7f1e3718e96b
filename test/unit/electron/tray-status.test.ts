// The tray indicator of the local grid: what a user reads in its tooltip and menu as the grid starts, runs and fails,
// and what its menu items do, driven by grid.changed views through a fake tray.
import { describe, expect, it } from 'vitest';
import type { GridNodeView, GridView } from '../../../src-main/api/contract';
import { TRAY_COLOURS, trayIconBitmap } from '../../../src-main/main/tray-icon';
import { startTrayIndicator, trayModel, type TrayActionId, type TrayIconState, type TrayLike, type TrayMenuItem } from '../../../src-main/main/tray-status';

const node = (name: string, state: GridNodeView['state']) => ({ name, state }) as GridNodeView;
const view = (state: GridView['state'], extra: Partial<GridView> = {}): GridView => ({ state, workspace: '/w', progress: [], nodes: [], ...extra });

function enabled(items: TrayMenuItem[]): string[] {
  return items.flatMap((i) => ('id' in i && i.enabled ? [i.id] : []));
}

describe('trayModel', () => {
  it('says stopped, starting (with the latest step), running N nodes and failed (with the reason)', () => {
    expect(trayModel(undefined)).toMatchObject({ icon: 'stopped', tooltip: 'Gridbox: local grid stopped' });
    expect(trayModel(view('starting', { progress: ['starting the chain', 'adding node1'] }))).toMatchObject({
      icon: 'busy',
      tooltip: 'Gridbox: local grid starting: adding node1',
    });
    expect(trayModel(view('running', { nodes: [node('node1', 'online'), node('node2', 'online'), node('node3', 'online')] })).tooltip).toBe(
      'Gridbox: local grid running 3 nodes',
    );
    expect(trayModel(view('running', { owner: 'cli', nodes: [node('node1', 'online'), node('node2', 'stopped')] })).tooltip).toBe(
      'Gridbox: local grid running 2 nodes, 1 online (gridbox up)',
    );
    expect(trayModel(view('running', { nodes: [node('node1', 'online')] })).tooltip).toBe('Gridbox: local grid running 1 node');
    expect(trayModel(view('failed', { error: 'port 9944 is in use: stop what uses it' }))).toMatchObject({
      icon: 'failed',
      tooltip: 'Gridbox: local grid failed: port 9944 is in use: stop what uses it',
    });
    expect(trayModel(view('stopping'))).toMatchObject({ icon: 'busy', tooltip: 'Gridbox: local grid stopping' });
  });

  it('keeps tooltips short', () => {
    expect(trayModel(view('failed', { error: 'x'.repeat(500) })).tooltip.length).toBeLessThanOrEqual(120);
  });

  it('offers start when stopped or failed, stop when running, neither while busy', () => {
    expect(enabled(trayModel(view('stopped')).items)).toEqual(['show', 'start', 'quit']);
    expect(enabled(trayModel(view('failed')).items)).toEqual(['show', 'start', 'quit']);
    expect(enabled(trayModel(view('running')).items)).toEqual(['show', 'stop', 'quit']);
    expect(enabled(trayModel(view('starting')).items)).toEqual(['show', 'quit']);
    expect(enabled(trayModel(view('stopping')).items)).toEqual(['show', 'quit']);
  });
});

class FakeTray implements TrayLike {
  icons: TrayIconState[] = [];
  tooltips: string[] = [];
  menus: (readonly TrayMenuItem[])[] = [];
  click: ((id: TrayActionId) => void) | undefined;
  iconClick: (() => void) | undefined;
  destroyed = false;
  setIcon(icon: TrayIconState): void {
    this.icons.push(icon);
  }
  setToolTip(text: string): void {
    this.tooltips.push(text);
  }
  setMenu(items: readonly TrayMenuItem[], onClick: (id: TrayActionId) => void): void {
    this.menus.push(items);
    this.click = onClick;
  }
  onClick(listener: () => void): void {
    this.iconClick = listener;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

function setup(initial?: GridView) {
  const tray = new FakeTray();
  const calls: string[] = [];
  const errors: string[] = [];
  let listener: ((v: GridView) => void) | undefined;
  let unsubscribed = false;
  const indicator = startTrayIndicator({
    createTray: () => tray,
    actions: {
      showWindow: () => void calls.push('show'),
      startGrid: async () => {
        calls.push('start');
        throw new Error('port in use');
      },
      stopGrid: async () => void calls.push('stop'),
      quit: () => void calls.push('quit'),
    },
    subscribe: (fn) => {
      listener = fn;
      return () => (unsubscribed = true);
    },
    ...(initial ? { initial } : {}),
    logError: (context) => void errors.push(context),
  });
  return { tray, calls, errors, indicator, emit: (v: GridView) => listener?.(v), unsubscribed: () => unsubscribed };
}

describe('startTrayIndicator', () => {
  it('follows grid.changed and touches the tray only when what it shows changes', () => {
    const { tray, emit, indicator } = setup(view('stopped'));
    expect(tray.icons).toEqual(['stopped']);
    emit(view('starting', { progress: ['starting the chain'] }));
    emit(view('starting', { progress: ['starting the chain', 'adding node1'] }));
    const running = view('running', { nodes: [node('node1', 'online')] });
    emit(running);
    emit(running);
    emit(running);
    expect(tray.icons).toEqual(['stopped', 'busy', 'running']);
    expect(tray.tooltips).toEqual([
      'Gridbox: local grid stopped',
      'Gridbox: local grid starting: starting the chain',
      'Gridbox: local grid starting: adding node1',
      'Gridbox: local grid running 1 node',
    ]);
    // The menu changes with what can be done: stopped → starting → running.
    expect(tray.menus).toHaveLength(3);
    expect(indicator.model.icon).toBe('running');
  });

  it('runs the menu actions allowed in the current state, and logs a failed start without throwing', async () => {
    const { tray, calls, errors, emit } = setup();
    tray.click?.('start');
    tray.click?.('stop'); // not offered while stopped
    tray.iconClick?.();
    await new Promise((r) => setTimeout(r, 10));
    expect(calls).toEqual(['start', 'show']);
    expect(errors).toEqual(['starting the local grid from the tray']);
    emit(view('running', { nodes: [node('node1', 'online')] }));
    tray.click?.('start'); // an old menu left open: ignored
    tray.click?.('stop');
    tray.click?.('quit');
    await new Promise((r) => setTimeout(r, 10));
    expect(calls.slice(0, 2)).toEqual(['start', 'show']);
    expect(calls.slice(2).sort()).toEqual(['quit', 'stop']);
  });

  it('unsubscribes and removes the icon when disposed', () => {
    const { tray, indicator, unsubscribed } = setup();
    indicator.dispose();
    indicator.dispose();
    expect(tray.destroyed).toBe(true);
    expect(unsubscribed()).toBe(true);
  });
});

describe('trayIconBitmap', () => {
  it("draws a disc in the state's colour on a transparent square (BGRA)", () => {
    const px = trayIconBitmap('running', 16);
    expect(px).toHaveLength(16 * 16 * 4);
    const at = (x: number, y: number) => [...px.subarray((y * 16 + x) * 4, (y * 16 + x) * 4 + 4)];
    expect(at(0, 0)[3]).toBe(0);
    const [r, g, b] = TRAY_COLOURS.running;
    expect(at(8, 8)).toEqual([b, g, r, 255]);
    expect(trayIconBitmap('failed', 16).equals(px)).toBe(false);
  });
});

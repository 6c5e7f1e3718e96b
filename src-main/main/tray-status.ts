/**
 * The tray (status area) indicator of the local grid: what its icon, tooltip and menu say for each grid view, and
 * the wiring from `grid.changed` events and menu clicks. Pure apart from the injected `TrayLike`, so it is
 * unit-tested without Electron; tray-electron.ts is the thin Electron side.
 */
import type { GridView } from '../api/contract';

/** The icon's look: one colour per state. */
export type TrayIconState = 'stopped' | 'busy' | 'running' | 'failed';

export type TrayActionId = 'show' | 'start' | 'stop' | 'quit';

export type TrayMenuItem = { id: TrayActionId; label: string; enabled: boolean } | { separator: true };

export interface TrayModel {
  icon: TrayIconState;
  tooltip: string;
  items: TrayMenuItem[];
}

const PRODUCT = 'Gridbox';
/** Tooltips are short on every OS (Windows cuts at 127 characters). */
const TOOLTIP_MAX = 120;

function nodeSummary(view: GridView): string {
  const total = view.nodes.length;
  const online = view.nodes.filter((n) => n.state === 'online').length;
  const count = `${total} node${total === 1 ? '' : 's'}`;
  return online === total ? count : `${count}, ${online} online`;
}

function shorten(text: string): string {
  return text.length <= TOOLTIP_MAX ? text : `${text.slice(0, TOOLTIP_MAX - 1)}…`;
}

/** What the tray shows for a grid view (undefined: not known yet, as at start-up). */
export function trayModel(view: GridView | undefined): TrayModel {
  const state = view?.state ?? 'stopped';
  let icon: TrayIconState;
  let status: string;
  switch (state) {
    case 'running':
      icon = 'running';
      status = `running ${nodeSummary(view as GridView)}${view?.owner === 'cli' ? ' (gridbox up)' : ''}`;
      break;
    case 'starting':
      icon = 'busy';
      status = `starting${view?.progress.length ? `: ${view.progress[view.progress.length - 1]}` : ''}`;
      break;
    case 'stopping':
      icon = 'busy';
      status = 'stopping';
      break;
    case 'failed':
      icon = 'failed';
      status = `failed${view?.error ? `: ${view.error}` : ''}`;
      break;
    default:
      icon = 'stopped';
      status = 'stopped';
  }
  const canStart = state === 'stopped' || state === 'failed';
  return {
    icon,
    tooltip: shorten(`${PRODUCT}: local grid ${status}`),
    items: [
      { id: 'show', label: `Show ${PRODUCT}`, enabled: true },
      { separator: true },
      { id: 'start', label: 'Start local grid', enabled: canStart },
      { id: 'stop', label: 'Stop local grid', enabled: state === 'running' },
      { separator: true },
      { id: 'quit', label: `Quit ${PRODUCT}`, enabled: true },
    ],
  };
}

/** The part of Electron's Tray (plus its menu and icon building) the indicator needs. */
export interface TrayLike {
  setIcon(icon: TrayIconState): void;
  setToolTip(text: string): void;
  setMenu(items: readonly TrayMenuItem[], onClick: (id: TrayActionId) => void): void;
  /** A click on the icon itself (Windows and most Linux trays). */
  onClick(listener: () => void): void;
  destroy(): void;
}

export interface TrayActions {
  showWindow(): void | Promise<void>;
  startGrid(): Promise<unknown>;
  stopGrid(): Promise<unknown>;
  quit(): void;
}

export interface TrayIndicatorOptions {
  createTray: () => TrayLike;
  actions: TrayActions;
  /** Subscribes to `grid.changed`; returns the unsubscribe function. */
  subscribe: (listener: (view: GridView) => void) => () => void;
  /** The current view, if known; later views arrive through `subscribe`. */
  initial?: GridView;
  /** Start and stop failures already reach the user as a failed grid view; this is for the log. */
  logError?: (context: string, err: unknown) => void;
}

export interface TrayIndicator {
  /** What the tray shows now (for tests and logs). */
  readonly model: TrayModel;
  dispose(): void;
}

export function startTrayIndicator(options: TrayIndicatorOptions): TrayIndicator {
  const tray = options.createTray();
  let model = trayModel(options.initial);
  let shown = '';

  const run = (context: string, action: () => unknown): void => {
    Promise.resolve()
      .then(action)
      .catch((err: unknown) => options.logError?.(context, err));
  };
  const onClick = (id: TrayActionId): void => {
    // A menu built for an older state may still be open: act only on what the current model allows.
    const item = model.items.find((i): i is Extract<TrayMenuItem, { id: TrayActionId }> => 'id' in i && i.id === id);
    if (!item?.enabled) return;
    if (id === 'show') run('showing the window', options.actions.showWindow);
    else if (id === 'start') run('starting the local grid from the tray', options.actions.startGrid);
    else if (id === 'stop') run('stopping the local grid from the tray', options.actions.stopGrid);
    else options.actions.quit();
  };

  const render = (): void => {
    // grid.changed arrives every second while a grid runs; the tray is only touched when what it shows changes.
    const key = JSON.stringify(model);
    if (key === shown) return;
    const previous = shown ? (JSON.parse(shown) as TrayModel) : undefined;
    shown = key;
    if (previous?.icon !== model.icon) tray.setIcon(model.icon);
    if (previous?.tooltip !== model.tooltip) tray.setToolTip(model.tooltip);
    if (JSON.stringify(previous?.items) !== JSON.stringify(model.items)) tray.setMenu(model.items, onClick);
  };

  tray.onClick(() => onClick('show'));
  render();
  const unsubscribe = options.subscribe((view) => {
    model = trayModel(view);
    render();
  });
  let disposed = false;
  return {
    get model() {
      return model;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      unsubscribe();
      tray.destroy();
    },
  };
}

/**
 * Electron's side of the tray indicator (tray-status.ts holds the logic): a `Tray` with a drawn icon and a menu
 * rebuilt from the model's items. Kept to the calls Electron needs; nothing here decides anything.
 */
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import { trayIconBitmap } from './tray-icon';
import type { TrayIconState, TrayLike } from './tray-status';

const ICON_PX = 16;

function icon(state: TrayIconState): Electron.NativeImage {
  return nativeImage.createFromBitmap(trayIconBitmap(state, ICON_PX), { width: ICON_PX, height: ICON_PX });
}

export function createElectronTray(): TrayLike {
  const tray = new Tray(icon('stopped'));
  return {
    setIcon: (state) => tray.setImage(icon(state)),
    setToolTip: (text) => tray.setToolTip(text),
    setMenu: (items, onClick) => {
      const template: MenuItemConstructorOptions[] = items.map((item) =>
        'separator' in item ? { type: 'separator' } : { label: item.label, enabled: item.enabled, click: () => onClick(item.id) },
      );
      tray.setContextMenu(Menu.buildFromTemplate(template));
    },
    onClick: (listener) => void tray.on('click', listener),
    destroy: () => tray.destroy(),
  };
}

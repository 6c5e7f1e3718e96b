/**
 * The tray icon's pixels: a filled disc in the state's colour, drawn here so the app ships no image files for it and
 * the colours stay in one place. Raw BGRA, the layout Electron's `nativeImage.createFromBitmap` takes.
 */
import type { TrayIconState } from './tray-status';

/** [red, green, blue]: grey, amber, green, red, readable on light and dark panels. */
export const TRAY_COLOURS: Readonly<Record<TrayIconState, readonly [number, number, number]>> = {
  stopped: [128, 128, 128],
  busy: [230, 160, 20],
  running: [40, 170, 80],
  failed: [210, 50, 50],
};

export function trayIconBitmap(state: TrayIconState, size = 16): Buffer {
  const [r, g, b] = TRAY_COLOURS[state];
  const pixels = Buffer.alloc(size * size * 4);
  const centre = (size - 1) / 2;
  const radius = size / 2 - 1;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Coverage of a one-pixel soft edge, so the disc is not jagged at 16 px.
      const coverage = Math.min(1, Math.max(0, radius + 0.5 - Math.hypot(x - centre, y - centre)));
      const i = (y * size + x) * 4;
      pixels[i] = Math.round(b * coverage);
      pixels[i + 1] = Math.round(g * coverage);
      pixels[i + 2] = Math.round(r * coverage);
      pixels[i + 3] = Math.round(255 * coverage);
    }
  }
  return pixels;
}

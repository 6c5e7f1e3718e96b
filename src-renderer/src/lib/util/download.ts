import { safeFilename } from './format';

/** Saves text as a file through the browser's download path (Electron shows its save dialog). */
export function downloadText(filename: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = safeFilename(filename);
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started by now; give slow file pickers a moment before the blob goes away.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

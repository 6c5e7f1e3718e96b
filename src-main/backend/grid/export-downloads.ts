/**
 * Workspace archives as downloads in the web fallback: the browser user cannot reach the data folder the export
 * writes into, so the loopback server offers each archive of `<data dir>/exports/` at `/exports/<file name>` (behind
 * the session token, like everything it serves). Only a plain file name ending in `.tar.gz` directly inside that
 * folder is ever served: no separators, no `..`, nothing that resolves elsewhere.
 */
import { basename, dirname, join, resolve } from 'node:path';

export const EXPORTS_ROUTE = '/exports/';
const ARCHIVE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.tar\.gz$/;

export function exportsDirOf(dataDir: string): string {
  return join(dataDir, 'exports');
}

/** Where the archive downloads from on the app's origin, or undefined when it is not in the exports folder. */
export function downloadPathFor(exportsDir: string, file: string): string | undefined {
  const name = basename(file);
  if (resolve(dirname(file)) !== resolve(exportsDir) || !ARCHIVE_NAME.test(name)) return undefined;
  return `${EXPORTS_ROUTE}${encodeURIComponent(name)}`;
}

/** The archive a request path names, or undefined when it names anything else (then the server answers 404). */
export function exportFileFor(exportsDir: string, pathname: string): string | undefined {
  if (!pathname.startsWith(EXPORTS_ROUTE)) return undefined;
  let name: string;
  try {
    name = decodeURIComponent(pathname.slice(EXPORTS_ROUTE.length));
  } catch {
    return undefined;
  }
  if (!ARCHIVE_NAME.test(name) || name.includes('..')) return undefined;
  const file = resolve(exportsDir, name);
  return dirname(file) === resolve(exportsDir) ? file : undefined;
}

/** 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY -> 5GrwvaEF…HGKutQY */
export function shortAddress(address: string, head = 6, tail = 6): string {
  return address.length <= head + tail + 1 ? address : `${address.slice(0, head)}…${address.slice(-tail)}`;
}

// One formatter each, shared by every row: constructing Intl formatters is the expensive part.
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

export function formatDate(ms: number): string {
  return ms > 0 ? dateFormat.format(ms) : '—';
}
export function formatDateTime(ms: number): string {
  return ms > 0 ? dateTimeFormat.format(ms) : '';
}
export function formatTime(ms: number): string {
  return timeFormat.format(ms);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "keystore.json" + a size, for the import dialog. */
export function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`;
}

/** Keeps a backend-supplied name from carrying a path or characters file systems reject. */
export function safeFilename(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is being removed
  const cleaned = name.replace(/[/\\?%*:|"<>\u0000-\u001f]/g, '_').replace(/^\.+/, '').trim();
  return cleaned.slice(0, 128) || 'keystore.json';
}

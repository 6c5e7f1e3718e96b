/** How the Contracts page writes money and time left. */

/** Raw TFT (1e-7 TFT, a decimal string) as TFT with up to 4 decimals, small amounts with more. */
export function tft(raw: string): string {
  const value = Number(raw) / 1e7;
  if (value === 0) return '0';
  const digits = value < 0.001 ? 7 : 4;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}

export function usd(value: number): string {
  return `$${value.toLocaleString('en-US', { maximumFractionDigits: value < 0.01 ? 5 : 2 })}`;
}

/** 13 d 22 h, 5 h 3 min, 42 s */
export function duration(secs: number): string {
  const d = Math.floor(secs / 86_400);
  const h = Math.floor((secs % 86_400) / 3600);
  const m = Math.floor((secs % 3600) / 60);
  if (d) return `${d} d ${h} h`;
  if (h) return `${h} h ${m} min`;
  if (m) return `${m} min`;
  return `${Math.max(0, Math.round(secs))} s`;
}

export const chainTime = (ms: number): string => new Date(ms).toLocaleString();

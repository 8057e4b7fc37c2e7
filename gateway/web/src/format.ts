/**
 * How the console writes amounts and times: integer fen as yuan with every fen shown
 * ("¥1,234.56", no floating point), and instants in China Standard Time (UTC+8, no daylight
 * saving) while the ISO value stays available on hover.
 */
export function yuan(fen: number | undefined): string {
  if (fen === undefined || !Number.isSafeInteger(fen)) return '—';
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100).toString().padStart(2, '0');
  return `${negative ? '-' : ''}¥${whole}.${cents}`;
}

/** Yuan typed by a person ("1234.5", "1,234.56") as integer fen; undefined when not an amount. */
export function fenOf(text: string): number | undefined {
  const match = /^\s*(\d{1,13})(?:\.(\d{1,2}))?\s*$/.exec(text.replace(/[,，¥\s]/g, ''));
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

const CST_OFFSET_MS = 8 * 3600_000;

/** `2026-12-05 19:05` in China Standard Time (the ISO value is UTC). */
export function cst(iso: string | undefined, withSeconds = false): string {
  if (iso === undefined) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const local = new Date(t + CST_OFFSET_MS).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, withSeconds ? 19 : 16)}`;
}

/** `YYYY-MM` of now in China Standard Time, shifted by `months`. */
export function monthCst(months = 0, now = Date.now()): string {
  const d = new Date(now + CST_OFFSET_MS);
  const m = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  return `${String(Math.floor(m / 12))}-${String((m % 12) + 1).padStart(2, '0')}`;
}

export function bpsPercent(bps: number): string {
  return `${(bps / 100).toFixed(2).replace(/\.?0+$/, '')}%`;
}

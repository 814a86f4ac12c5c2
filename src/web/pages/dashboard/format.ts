/** Display helpers of the dashboards (pt-BR). */

const MONTHS = ['jan', 'fev', 'mar', 'abr', 'mai', 'jun', 'jul', 'ago', 'set', 'out', 'nov', 'dez'];

/** 'YYYY-MM' → 'jun/26'. */
export function shortMonth(month: string): string {
  const m = Number(month.slice(5, 7));
  return `${MONTHS[m - 1] ?? month.slice(5, 7)}/${month.slice(2, 4)}`;
}

/** 'YYYY-MM' → '06/2026' (competência). */
export function competenceBR(month: string): string {
  return `${month.slice(5, 7)}/${month.slice(0, 4)}`;
}

/** Basis points → '12,34%' (integers only, no float rounding). */
export function percentFromBp(bp: number): string {
  const sign = bp < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(bp));
  return `${sign}${Math.floor(abs / 100).toLocaleString('pt-BR')},${String(abs % 100).padStart(2, '0')}%`;
}

/** Compact R$ for chart axes only (R$ 1,2 mil). */
export function compactBRL(cents: number): string {
  return `R$\u00a0${(cents / 100).toLocaleString('pt-BR', { notation: 'compact', maximumFractionDigits: 1 })}`;
}

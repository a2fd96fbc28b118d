/** `a=1, b=yes` in key order; numbers keep at most three decimals. */
export function metricsText(metrics: Record<string, number | string | boolean>): string {
  return Object.entries(metrics)
    .map(([k, v]) => `${k}=${metricValueText(v)}`)
    .join(', ');
}

export function metricValueText(v: number | string | boolean): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000);
  return String(v);
}

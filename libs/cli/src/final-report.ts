import type { RunEventPayload } from '@scrai/contracts';
import { metricValueText } from './metrics-text.js';
import type { TerminalStyle } from './terminal-style.js';
import { wrapText } from './text-wrap.js';

/** The analyst's closing report as a terminal section: report text, highlights, metrics. */
export function finalReportLines(
  report: RunEventPayload<'analysis.report'>,
  style: TerminalStyle,
  width?: number,
): string[] {
  const inner = width === undefined ? undefined : width - 2;
  const lines = ['', style.bold(`Analyst report (${report.turns} turns)`), ...wrapText(report.report, inner).map(indented)];
  if (report.highlights.length > 0) {
    lines.push('', style.bold('Highlights'));
    for (const h of report.highlights) {
      const [first = '', ...rest] = wrapText(h, inner === undefined ? undefined : inner - 2);
      lines.push(`  • ${first}`, ...rest.map((l) => `    ${l}`.trimEnd()));
    }
  }
  const metrics = Object.entries(report.metrics);
  if (metrics.length > 0) {
    lines.push('', style.bold('Metrics'));
    const keyWidth = Math.max(...metrics.map(([k]) => k.length));
    for (const [k, v] of metrics) lines.push(`  ${k.padEnd(keyWidth)}  ${style.cyan(metricValueText(v))}`);
  }
  lines.push('');
  return lines;
}

/** Two spaces in front of a line, none in front of an empty one. */
const indented = (line: string) => (line === '' ? '' : `  ${line}`);

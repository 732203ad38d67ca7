/**
 * The probe's table: one line per request (expected, got, the difference), then the score.
 *
 * @module
 */
import type { AnswerSummary, ProbeReport } from './probe';

function summary(answer: AnswerSummary): string {
  if (answer.status === undefined) {
    if (answer.interim !== undefined && answer.interim.length > 0) return `${answer.interim.join(', ')} …`;
    return answer.error === undefined ? '-' : `(${answer.error})`;
  }
  const interim = answer.interim !== undefined && answer.interim.length > 0 ? `${answer.interim.join(', ')} then ` : '';
  return `${interim}${answer.status} ${answer.statusText ?? ''}${answer.code === undefined ? '' : ` ${answer.code}`}`.trim();
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/**
 * Formats a report as a plain-text table.
 *
 * @example
 * process.stdout.write(formatProbeTable(report))
 */
export function formatProbeTable(report: ProbeReport): string {
  const rows = report.rows.map((row) => {
    const expected = row.expected.status === undefined && row.expected.interim !== undefined ? '100 Continue, then the route' : summary(row.expected);
    return [row.id, truncate(expected, 48), truncate(summary(row.got), 48), row.differences.length === 0 ? 'ok' : row.differences.join('; ')];
  });
  const header = ['request', 'expected', 'got', 'difference'];
  const widths = [0, 1, 2].map((column) => Math.max(header[column]?.length ?? 0, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: readonly string[]): string => cells.map((cell, i) => (i < 3 ? pad(cell, widths[i] ?? 0) : cell)).join('  ');
  const out = [
    `vendor-compat probe ${report.baseUrl} --profile ${report.profile}`,
    '',
    line(header),
    line(widths.map((width) => '-'.repeat(width)).concat(['-'.repeat(10)])),
    ...rows.map(line),
    '',
    'requests:',
    ...report.rows.map((row) => `  ${row.request}`),
    '',
    `score: ${report.passed}/${report.total} (${report.score}%)${report.passed === report.total ? '' : ' — differences found'}`,
  ];
  return `${out.join('\n')}\n`;
}

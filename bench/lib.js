'use strict';
/**
 * Shared helpers for the benchmark: settings from the environment, statistics, formatting.
 */
const os = require('node:os');
const fs = require('node:fs');

function numberFromEnv(name, fallback) {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new TypeError(`${name} must be a positive number, got ${JSON.stringify(text)}`);
  return value;
}

/**
 * Settings for one run. `BENCH_QUICK=1` is a smoke check (about a minute), not a measurement.
 */
function settingsFromEnv() {
  const quick = process.env.BENCH_QUICK === '1' || process.env.BENCH_QUICK === 'true';
  return Object.freeze({
    quick,
    duration: numberFromEnv('BENCH_DURATION', quick ? 1 : 2),
    rounds: Math.round(numberFromEnv('BENCH_ROUNDS', quick ? 1 : 5)),
    warmup: numberFromEnv('BENCH_WARMUP', quick ? 0.5 : 1),
    connections: Math.round(numberFromEnv('BENCH_CONNECTIONS', 100)),
    pipelining: Math.round(numberFromEnv('BENCH_PIPELINING', 10)),
    microTime: numberFromEnv('BENCH_MICRO_TIME', quick ? 100 : 1000),
    only: (process.env.BENCH_ONLY ?? '').split(',').map((part) => part.trim()).filter((part) => part !== ''),
  });
}

/** True when the id matches the BENCH_ONLY filter (comma-separated substrings; empty = all). */
function selected(settings, id) {
  return settings.only.length === 0 || settings.only.some((part) => id.includes(part));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function formatInt(value) {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';
}

function formatRatio(value) {
  return Number.isFinite(value) ? value.toFixed(3) : 'n/a';
}

/** One markdown table from a header row and rows of cells. */
function markdownTable(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function cpuModel() {
  try {
    const info = fs.readFileSync('/proc/cpuinfo', 'utf8');
    const match = /^model name\s*:\s*(.+)$/m.exec(info);
    if (match) return match[1].trim();
  } catch {
    // not Linux
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

function machineDescription() {
  return `${os.cpus().length} cores (${cpuModel()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

module.exports = { settingsFromEnv, selected, median, formatInt, formatRatio, markdownTable, machineDescription };

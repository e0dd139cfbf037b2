/** The benchmark report: its JSON shape (`--json FILE`) and its text and markdown tables. */
export type PeerName = 'tfjs-wasm' | 'ort-web';

export interface BenchRow {
  name: string;
  threads: number;
  /** Median milliseconds of dcnn's wasm backend. */
  ms: number;
  /** Fastest run (a noisy machine inflates medians; the minimum shows what the code can do). */
  minMs?: number;
  gflops: number;
  /** Median milliseconds of each peer that has this row. */
  peers: Partial<Record<PeerName, number>>;
  /** Why a peer is missing, or what it ran instead. */
  notes?: string[];
}

/** dcnn at one thread against `threads`, timed in alternating blocks in one realm (scaling.ts). */
export interface ScalingRow {
  name: string;
  threads: number;
  /** Median ms at one thread and at `threads`. */
  ms1: number;
  ms: number;
  /** ms1 / ms. */
  speedup: number;
  /** What may have disturbed the measurement (the process never went quiet before it). */
  notes?: string[];
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  platform: string;
  node: string;
  variant: string;
}

export interface BenchReport {
  machine: MachineInfo;
  peakGflops: number;
  rows: BenchRow[];
  /** Present when the run measured one thread and more: the thread scaling, measured directly. */
  scaling?: ScalingRow[];
}

const PEERS: PeerName[] = ['tfjs-wasm', 'ort-web'];

/** `peer ms / our ms`: above 1 means dcnn is faster. */
export const ratio = (row: BenchRow, peer: PeerName): number | undefined =>
  row.peers[peer] !== undefined ? row.peers[peer]! / row.ms : undefined;

function cells(row: BenchRow, peak: number): string[] {
  const fmt = (v: number | undefined, digits = 2) => (v === undefined ? '—' : v.toFixed(digits));
  return [
    row.name,
    String(row.threads),
    fmt(row.ms, 3),
    fmt(row.gflops, 1),
    row.gflops > 0 && peak > 0 ? `${Math.round((100 * row.gflops) / peak)}%` : '—',
    ...PEERS.flatMap((p) => [fmt(row.peers[p], 3), ratio(row, p) === undefined ? '—' : `${fmt(ratio(row, p))}×`]),
  ];
}

const HEADER = ['row', 'threads', 'ms', 'GFLOP/s', 'of peak', 'tfjs-wasm ms', 'vs tfjs', 'ort-web ms', 'vs ort'];

const SCALING_HEADER = ['row', '1 thread ms', 'threads', 'ms', 'speedup'];

const scalingCells = (r: ScalingRow): string[] => [r.name, r.ms1.toFixed(3), String(r.threads), r.ms.toFixed(3), `${r.speedup.toFixed(2)}×`];

const markdownTable = (header: string[], rows: string[][]): string[] => [
  `| ${header.join(' | ')} |`,
  `| ${header.map(() => '---').join(' | ')} |`,
  ...rows.map((r) => `| ${r.join(' | ')} |`),
];

/** The rows as a markdown table; with a scaling table after a blank line when the report has one. */
export function renderMarkdown(report: BenchReport): string {
  const lines = markdownTable(HEADER, report.rows.map((row) => cells(row, report.peakGflops)));
  if (report.scaling?.length) lines.push('', ...markdownTable(SCALING_HEADER, report.scaling.map(scalingCells)));
  return lines.join('\n');
}

function textTable(header: string[], rows: string[][]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  return all.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
}

export function renderText(report: BenchReport): string {
  const m = report.machine;
  const out = [
    `machine: ${m.cpu}, ${m.cores} cores, ${m.platform}, Node ${m.node}, build ${m.variant}`,
    `SIMD peak probe: ${report.peakGflops.toFixed(1)} GFLOP/s (one thread)`,
    '',
    ...textTable(HEADER, report.rows.map((r) => cells(r, report.peakGflops))),
  ];
  if (report.scaling?.length) {
    out.push('', 'thread scaling (dcnn alone, 1 thread and N alternating in blocks of runs in one process):', ...textTable(SCALING_HEADER, report.scaling.map(scalingCells)));
  }
  const notes = [
    ...report.rows.flatMap((r) => (r.notes ?? []).map((n) => `${r.name} (${r.threads}t): ${n}`)),
    ...(report.scaling ?? []).flatMap((r) => (r.notes ?? []).map((n) => `${r.name} (scaling): ${n}`)),
  ];
  if (notes.length) out.push('', 'notes:', ...notes.map((n) => `  ${n}`));
  out.push('', 'ratios are peer ms / dcnn ms: above 1 means dcnn is faster.');
  return out.join('\n');
}

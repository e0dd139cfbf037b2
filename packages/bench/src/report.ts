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

export function renderMarkdown(report: BenchReport): string {
  const lines = [`| ${HEADER.join(' | ')} |`, `| ${HEADER.map(() => '---').join(' | ')} |`];
  for (const row of report.rows) lines.push(`| ${cells(row, report.peakGflops).join(' | ')} |`);
  return lines.join('\n');
}

export function renderText(report: BenchReport): string {
  const rows = [HEADER, ...report.rows.map((r) => cells(r, report.peakGflops))];
  const widths = HEADER.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const m = report.machine;
  const out = [
    `machine: ${m.cpu}, ${m.cores} cores, ${m.platform}, Node ${m.node}, build ${m.variant}`,
    `SIMD peak probe: ${report.peakGflops.toFixed(1)} GFLOP/s (one thread)`,
    '',
    ...rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')),
  ];
  const notes = report.rows.flatMap((r) => (r.notes ?? []).map((n) => `${r.name} (${r.threads}t): ${n}`));
  if (notes.length) out.push('', 'notes:', ...notes.map((n) => `  ${n}`));
  out.push('', 'ratios are peer ms / dcnn ms: above 1 means dcnn is faster.');
  return out.join('\n');
}

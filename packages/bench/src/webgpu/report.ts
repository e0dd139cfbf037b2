/** The webgpu benchmark report: rows of timings per runtime, ratios, text and JSON. */
export type Runtime = 'dcnn-webgpu' | 'tfjs-webgpu' | 'ort-webgpu';

export interface Timing {
  /** The first run (pipeline compilation included), ms. */
  firstMs: number;
  /** Median of the timed runs, ms. */
  medianMs: number;
  runs: number;
  /** GPU time of one run from timestamp queries, where the runtime reports it (dcnn, tfjs). */
  gpuMs?: number;
}

export interface ReportRow {
  name: string;
  flops?: number;
  results: Partial<Record<Runtime, Timing | { error: string }>>;
  /** Peer time / dcnn time, the median over rounds where each ran once (> 1: dcnn faster). */
  ratios?: Partial<Record<Runtime, number>>;
  /** relL2 of dcnn's output against ORT's, when both ran. */
  agreement?: number;
  note?: string;
}

export interface WebGPUBenchReport {
  adapter: string;
  fallbackAdapter: boolean;
  /** What the figures are: wall time including one readback of the output. */
  clock: string;
  note: string;
  rows: ReportRow[];
}

const isTiming = (v: unknown): v is Timing => typeof v === 'object' && v !== null && 'medianMs' in v;

/** How many times faster dcnn is than a peer on a row (peer / ours), or undefined. */
export function speedup(row: ReportRow, peer: Runtime): number | undefined {
  if (row.ratios?.[peer] !== undefined) return row.ratios[peer];
  const ours = row.results['dcnn-webgpu'];
  const theirs = row.results[peer];
  return isTiming(ours) && isTiming(theirs) ? theirs.medianMs / ours.medianMs : undefined;
}

function cell(v: Timing | { error: string } | undefined): string {
  if (!v) return '—';
  return isTiming(v) ? `${v.medianMs.toFixed(1)} ms` : 'error';
}

export function renderText(report: WebGPUBenchReport): string {
  const head = ['row', 'dcnn-webgpu', 'tfjs-webgpu', 'ort-webgpu', 'vs tfjs', 'vs ort', 'first run (dcnn)'];
  const lines = report.rows.map((r) => {
    const ratio = (p: Runtime) => {
      const s = speedup(r, p);
      return s === undefined ? '—' : `${s.toFixed(2)}×`;
    };
    const ours = r.results['dcnn-webgpu'];
    return [r.name, cell(ours), cell(r.results['tfjs-webgpu']), cell(r.results['ort-webgpu']), ratio('tfjs-webgpu'), ratio('ort-webgpu'), isTiming(ours) ? `${ours.firstMs.toFixed(0)} ms` : '—'];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (l: string[]) => l.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const slower = report.rows.filter((r) => (['tfjs-webgpu', 'ort-webgpu'] as const).some((p) => (speedup(r, p) ?? Infinity) < 1)).map((r) => r.name);
  return [
    `adapter: ${report.adapter}`,
    report.note,
    `clock: ${report.clock}; ratios are peer time / dcnn time (> 1: dcnn faster)`,
    fmt(head),
    ...lines.map(fmt),
    slower.length ? `not yet faster than both peers: ${slower.join(', ')}` : 'faster than both peers on every row with a peer',
    ...report.rows
      .filter((r) => Object.values(r.results).some((v) => isTiming(v) && v.gpuMs !== undefined))
      .map((r) => `GPU time (timestamp queries): ${r.name}: ${Object.entries(r.results).filter(([, v]) => isTiming(v) && v.gpuMs !== undefined).map(([k, v]) => `${k} ${(v as Timing).gpuMs!.toFixed(1)} ms`).join(', ')}`),
    ...report.rows.filter((r) => r.agreement !== undefined).map((r) => `agreement with ORT, relL2: ${r.name} ${r.agreement!.toExponential(1)}`),
    ...report.rows.filter((r) => r.note).map((r) => `note, ${r.name}: ${r.note}`),
  ].join('\n');
}

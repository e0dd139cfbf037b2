/** End-to-end model rows (filled in by models-*.ts). */
import type { BenchCase } from './cases.js';

export async function modelCases(): Promise<BenchCase[]> {
  return [];
}

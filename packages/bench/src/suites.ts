/** Named sets of cases, so a worker thread can rebuild the same cases from a name. */
import { kernelCases, tinyCases, type BenchCase } from './cases.js';
import { modelCases } from './models.js';

export type SuiteName = 'kernels' | 'models' | 'all' | 'tiny';

export async function suiteCases(name: SuiteName): Promise<BenchCase[]> {
  switch (name) {
    case 'tiny':
      return tinyCases();
    case 'kernels':
      return kernelCases();
    case 'models':
      return modelCases();
    case 'all':
      return [...kernelCases(), ...(await modelCases())];
  }
}

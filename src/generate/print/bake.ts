import type { BakeFileModel } from '../model/bake.js';

/** Placeholder until its helper lands (issue 7 work in progress). */
export function printBake(_model: BakeFileModel): string {
  throw new Error('printBake: not implemented yet');
}

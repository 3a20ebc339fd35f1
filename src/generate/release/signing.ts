import { EMPTY_OUTPUT, type ReleaseContext, type ReleaseOutput } from './context.js';

/** Placeholder until its helper lands (issue 7 work in progress). */
export function signing(_ctx: ReleaseContext): ReleaseOutput {
  return EMPTY_OUTPUT;
}

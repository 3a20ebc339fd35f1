import type { JenkinsfileModel } from '../model/jenkinsfile.js';

/** Placeholder until its helper lands (issue 7 work in progress). */
export function printJenkinsfile(_model: JenkinsfileModel): string {
  throw new Error('printJenkinsfile: not implemented yet');
}

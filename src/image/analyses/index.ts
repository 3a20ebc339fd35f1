import { compareDiagnostics, SEVERITY_ORDER } from '../../core/diagnostic.js';
import type { ImageModel } from '../model.js';
import type { Finding } from './common.js';
import { type ConfigReport, configReport, configuration } from './config.js';
import type { ContentFacts } from './content.js';
import {
  type EfficiencyOptions,
  efficiency,
  leftovers,
  type WasteReport,
  wasteReport,
} from './efficiency.js';
import { hardening } from './hardening.js';
import { type LayersReport, layers, layersReport } from './layers.js';
import { secrets } from './secrets.js';

export * from './common.js';
export * from './config.js';
export * from './content.js';
export * from './efficiency.js';
export * from './hardening.js';
export * from './layers.js';
export * from './secret-rules.js';
export * from './secrets.js';

/** Everything a report needs: the image, its layers, waste, configuration and all findings. */
export interface ImageReport {
  readonly image: {
    readonly name: string;
    readonly location: string;
    readonly kind: string;
    readonly platform: string;
    readonly repoTags: readonly string[];
    readonly manifestDigest?: string;
    readonly configDigest?: string;
    readonly created?: string;
  };
  readonly layers: LayersReport;
  readonly waste: WasteReport;
  readonly config: ConfigReport;
  /** Reader problems and analysis findings, most severe first. */
  readonly findings: readonly Finding[];
  readonly scanned: { readonly files: number; readonly bytes: number };
}

export interface AnalyzeOptions extends EfficiencyOptions {
  readonly facts?: ContentFacts;
  readonly topFiles?: number;
}

/** Run every analysis over a model read with `contentScanner()` hooks. Pure: no I/O. */
export function analyzeModel(model: ImageModel, options: AnalyzeOptions = {}): ImageReport {
  const facts = options.facts;
  const findings: Finding[] = [
    ...model.diagnostics,
    ...layers(model),
    ...efficiency(model, options),
    ...leftovers(model),
    ...configuration(model, facts ? { facts } : {}),
    ...secrets(model, facts ? { facts } : {}),
    ...hardening(model),
  ];
  findings.sort(
    (a, b) => SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity] || compareDiagnostics(a, b),
  );
  return {
    image: {
      name: model.repoTags[0] ?? model.source.location,
      location: model.source.location,
      kind: model.source.kind,
      platform: model.platform,
      repoTags: model.repoTags,
      ...(model.manifestDigest ? { manifestDigest: model.manifestDigest } : {}),
      ...(model.configDigest ? { configDigest: model.configDigest } : {}),
      ...(model.config.created ? { created: model.config.created } : {}),
    },
    layers: layersReport(model, { top: options.topFiles ?? 20 }),
    waste: wasteReport(model),
    config: configReport(model, facts),
    findings,
    scanned: { files: facts?.scannedFiles ?? 0, bytes: facts?.scannedBytes ?? 0 },
  };
}

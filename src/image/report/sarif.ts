import type { Severity } from '../../core/diagnostic.js';
import type { ImageReport } from '../analyses/index.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
  style: 'note',
};

/** SARIF 2.1.0, the same shape as the lint formatter: rules by id, results at line 1 of the image. */
export function renderSarif(report: ImageReport, options: { toolVersion?: string } = {}): string {
  const rules: {
    id: string;
    shortDescription: { text: string };
    defaultConfiguration: { level: string };
    properties?: Record<string, unknown>;
  }[] = [];
  const index = new Map<string, number>();
  const uri = report.image.location.replace(/\\/g, '/').split('/').map(encodeURIComponent).join('/');
  const results = report.findings.map((d) => {
    let ruleIndex = index.get(d.code);
    if (ruleIndex === undefined) {
      ruleIndex =
        rules.push({
          id: d.code,
          shortDescription: { text: d.code.replace(/^image\//, '').replace(/-/g, ' ') },
          defaultConfiguration: { level: LEVEL[d.severity] },
          ...(d.sources?.length ? { properties: { tags: [...d.sources] } } : {}),
        }) - 1;
      index.set(d.code, ruleIndex);
    }
    return {
      ruleId: d.code,
      ruleIndex,
      level: LEVEL[d.severity],
      message: { text: d.hint ? `${d.message}\n${d.hint}` : d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri, index: 0 },
            region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
          },
        },
      ],
      ...(d.sources?.length ? { properties: { sources: [...d.sources] } } : {}),
    };
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'dockwright',
            ...(options.toolVersion
              ? { version: options.toolVersion, semanticVersion: options.toolVersion }
              : {}),
            informationUri: 'https://github.com/dockwright/dockwright',
            rules,
          },
        },
        columnKind: 'utf16CodeUnits',
        artifacts: [{ location: { uri } }],
        results,
        properties: {
          image: report.image,
          sizeBytes: report.layers.totalSize,
          wastedBytes: report.waste.wastedBytes,
          efficiency: report.waste.efficiency,
        },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

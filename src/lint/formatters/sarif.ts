import type { Diagnostic, Severity } from '../../core/diagnostic.js';
import type { AnyDockerfileRule } from '../engine/rule.js';
import { dockerfileRules } from '../rules/dockerfile/index.js';
import type { Formatter } from './types.js';
import { helpUri } from './util.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/dockwright/dockwright';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, SarifLevel> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
  style: 'note',
};

interface SarifRule {
  id: string;
  name?: string;
  shortDescription: { text: string };
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel | 'none'; enabled?: boolean };
  properties?: Record<string, unknown>;
}

function ruleDescriptor(rule: AnyDockerfileRule): SarifRule {
  const { meta } = rule;
  return {
    id: rule.name,
    name: rule.name.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: meta.description },
    helpUri: helpUri(rule.name)!,
    defaultConfiguration: {
      level: LEVEL[meta.severity],
      ...(meta.profile === false ? { enabled: false } : {}),
    },
    properties: {
      tags: [meta.type, ...(meta.sources ?? [])],
      ...(meta.profile ? { profile: meta.profile } : {}),
      ...(meta.fixable ? { fixable: meta.fixable } : {}),
    },
  };
}

/** A finding whose code is not a registered rule (parser codes, ShellCheck, internal errors). */
function adHocDescriptor(d: Diagnostic): SarifRule {
  const uri = /^shellcheck\//.test(d.code) ? helpUri(d.code) : undefined;
  const sc = /^shellcheck\/(SC\d+)$/.exec(d.code)?.[1];
  return {
    id: d.code,
    shortDescription: {
      text: sc ? `ShellCheck ${sc}` : d.code.startsWith('dockerfile/') ? 'Dockerfile syntax' : d.code,
    },
    ...(uri ? { helpUri: uri } : {}),
    defaultConfiguration: { level: LEVEL[d.severity] },
    ...(d.sources?.length ? { properties: { tags: [...d.sources] } } : {}),
  };
}

function toUri(file: string): string {
  return file
    .replace(/\\/g, '/')
    .split('/')
    .map((part) => encodeURIComponent(part))
    .join('/');
}

/**
 * SARIF 2.1.0 for GitHub code scanning and other viewers: every registered rule in `tool.driver.rules`
 * (help links to the rule docs), results pointing at them by index, 1-based regions with end columns.
 */
export const sarif: Formatter = (diagnostics, { toolVersion, sources }) => {
  const rules: SarifRule[] = dockerfileRules.map(ruleDescriptor);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const artifacts: { location: { uri: string }; length?: number }[] = [];
  const artifactIndex = new Map<string, number>();
  const results = diagnostics.map((d) => {
    let ruleIndex = index.get(d.code);
    if (ruleIndex === undefined) {
      ruleIndex = rules.push(adHocDescriptor(d)) - 1;
      index.set(d.code, ruleIndex);
    }
    let fileIndex = artifactIndex.get(d.file);
    if (fileIndex === undefined) {
      const text = sources?.get(d.file);
      fileIndex =
        artifacts.push({
          location: { uri: toUri(d.file) },
          ...(text !== undefined ? { length: text.length } : {}),
        }) - 1;
      artifactIndex.set(d.file, fileIndex);
    }
    const artifactLocation = { uri: toUri(d.file), index: fileIndex };
    // A range ending right after a newline ends on its own line (endColumn absent = to the end of that line).
    const endsAtLineStart = d.end.line > d.start.line && d.end.column === 1;
    const end = endsAtLineStart
      ? { endLine: d.end.line - 1 }
      : { endLine: d.end.line, endColumn: d.end.column };
    return {
      ruleId: d.code,
      ruleIndex,
      level: LEVEL[d.severity],
      message: { text: d.hint ? `${d.message}\n${d.hint}` : d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation,
            region: {
              startLine: d.start.line,
              startColumn: d.start.column,
              ...end,
              charOffset: d.range.start,
              charLength: Math.max(0, d.range.end - d.range.start),
            },
          },
        },
      ],
      ...(d.fix
        ? {
            fixes: [
              {
                description: {
                  text: d.fix.description ?? `${d.fix.kind === 'safe' ? 'Safe' : 'Unsafe'} fix for ${d.code}`,
                },
                artifactChanges: [
                  {
                    artifactLocation,
                    replacements: d.fix.edits.map((e) => ({
                      deletedRegion: { charOffset: e.range.start, charLength: e.range.end - e.range.start },
                      insertedContent: { text: e.text },
                    })),
                  },
                ],
              },
            ],
          }
        : {}),
      ...(d.sources?.length ? { properties: { sources: [...d.sources] } } : {}),
    };
  });
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'dockwright',
            ...(toolVersion ? { version: toolVersion, semanticVersion: toolVersion } : {}),
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        columnKind: 'utf16CodeUnits',
        artifacts,
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};

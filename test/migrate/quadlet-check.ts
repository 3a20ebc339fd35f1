import {
  allowedSections,
  isDocumentedKey,
  MAIN_SECTION,
  type UnitKind,
} from '../../src/migrate/quadlet-keys.js';
import { parseIni } from '../../src/migrate/unit.js';

/** Problems in one generated unit: INI syntax, unknown sections, keys podman-systemd.unit(5) does not document. */
export function checkUnit(name: string, content: string): string[] {
  const problems: string[] = [];
  const ext = name.slice(name.lastIndexOf('.') + 1);
  if (!(ext in MAIN_SECTION)) return [`${name}: not a Quadlet unit type`];
  const kind = ext as UnitKind;
  const ini = parseIni(content);
  for (const e of ini.errors) problems.push(`${name}:${e.line}: ${e.message}`);
  const allowed = allowedSections(kind);
  if (!ini.sections.some((s) => s.name === MAIN_SECTION[kind]))
    problems.push(`${name}: no [${MAIN_SECTION[kind]}] section`);
  for (const s of ini.sections) {
    if (!allowed.includes(s.name)) problems.push(`${name}: section [${s.name}] not allowed in a .${kind}`);
    for (const e of s.entries) {
      if (!isDocumentedKey(s.name, e.key))
        problems.push(`${name}:${e.line}: [${s.name}] ${e.key} is not a documented key`);
      if (e.value === '') problems.push(`${name}:${e.line}: ${e.key} has an empty value`);
    }
  }
  if (kind === 'container' && !ini.sections.some((s) => s.entries.some((e) => e.key === 'Image')))
    problems.push(`${name}: no Image=`);
  if (kind === 'build') {
    const keys = ini.sections.flatMap((s) => s.entries.map((e) => e.key));
    if (!keys.includes('ImageTag')) problems.push(`${name}: no ImageTag=`);
    if (!keys.includes('File') && !keys.includes('SetWorkingDirectory'))
      problems.push(`${name}: no File= or SetWorkingDirectory=`);
  }
  return problems;
}

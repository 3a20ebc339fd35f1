import type { HealthcheckInstruction } from '../../../parse/dockerfile/ast.js';
import type { Stage } from '../../../parse/dockerfile/model.js';
import { defineRule } from '../../engine/rule.js';
import { commandsOf, externalBase, installedPackages, lineageInstructions } from '../support/ops-util.js';

/** Official images whose -alpine and -slim variants ship neither curl (alpine: BusyBox wget only) nor wget (slim). */
const NO_CURL_VARIANTS = new Set(['node', 'python', 'golang', 'ruby']);

type Family = { label: string; shell: boolean; tools: ReadonlySet<string> };

/** What the final image's base is known to ship; undefined when unknown (full language images ship both). */
function family(stage: Stage): Family | undefined {
  const base = externalBase(stage);
  if (!base) return undefined;
  const { name, tag } = base;
  if (base.scratch) return { label: 'scratch', shell: false, tools: new Set() };
  if (/(^|\/)distroless\//.test(name) || name.startsWith('gcr.io/distroless')) {
    return {
      label: 'distroless',
      shell: /debug/.test(tag),
      tools: new Set(/debug/.test(tag) ? ['wget'] : []),
    };
  }
  if (
    name.startsWith('cgr.dev/chainguard/') &&
    !/-dev$|^latest-dev/.test(tag) &&
    !/\/(wolfi-base|busybox|curl)$/.test(name)
  ) {
    return { label: 'Chainguard', shell: false, tools: new Set() };
  }
  // Only official images (Docker Hub library) whose contents are known: derived images such as nginx:alpine or
  // php:*-alpine add curl, so a tag alone says nothing.
  const library =
    /^(?:(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\/)?(?:library\/)?([a-z0-9._-]+)$/.exec(name);
  if (!library) return undefined;
  const short = library[1]!;
  if (short === 'alpine' || short === 'busybox') {
    return { label: short === 'busybox' ? 'BusyBox' : 'Alpine', shell: true, tools: new Set(['wget']) };
  }
  if (short === 'debian' || short === 'ubuntu') return { label: short, shell: true, tools: new Set() };
  if (NO_CURL_VARIANTS.has(short)) {
    if (/(^|-)alpine/.test(tag)) return { label: `${short} Alpine`, shell: true, tools: new Set(['wget']) };
    if (/(^|-)slim($|-)/.test(tag)) return { label: `${short} -slim`, shell: true, tools: new Set() };
  }
  return undefined;
}

export default defineRule({
  name: 'healthcheck-probe-binary',
  meta: {
    description:
      'The HEALTHCHECK probe uses curl/wget (or a shell) that the final image does not contain, so the check always fails',
    type: 'problem',
    severity: 'error',
    profile: 'dev',
    messages: {
      noTool:
        'HEALTHCHECK uses {{tool}}, which {{base}} images do not contain and this image does not install: the container will never be healthy',
      noShell:
        'Shell-form HEALTHCHECK needs /bin/sh, which {{base}} images do not have: use the JSON form with a binary in the image',
    },
    spec: '02-production-self-check: HEALTHCHECK uses available tools (wget in Alpine, curl in Debian, none in scratch/distroless)',
  },
  create(context) {
    return {
      HEALTHCHECK(node: HealthcheckInstruction, stage) {
        if (!stage || !context.isFinalStage(stage) || node.kind?.value.toUpperCase() !== 'CMD') return;
        const fam = family(stage);
        if (!fam) return;
        const all = lineageInstructions(stage);
        const provided = new Set(fam.tools);
        for (const ins of all) {
          if (ins.keyword === 'RUN') {
            for (const { cmd } of commandsOf(context, ins))
              for (const p of installedPackages(cmd)) provided.add(p.name);
          }
          if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
            for (const w of [...ins.sources, ins.destination]) {
              const base = w?.value.replace(/\/+$/, '').split('/').pop();
              if (base === 'curl' || base === 'wget') provided.add(base);
            }
          }
        }
        if (node.form === 'shell') {
          if (!fam.shell && !all.some((i) => i.keyword === 'SHELL')) {
            context.report({
              node,
              range: node.kind!.range,
              messageId: 'noShell',
              data: { base: fam.label },
            });
            return;
          }
          const script = context.shellOf(node);
          for (const cmd of script?.commands() ?? []) {
            const tool = cmd.program;
            if ((tool === 'curl' || tool === 'wget') && !provided.has(tool) && !cmd.name?.includes('/')) {
              context.report({
                node,
                range: cmd.sourceRange,
                messageId: 'noTool',
                data: { tool, base: fam.label },
              });
              return;
            }
          }
          return;
        }
        const prog = node.args[1];
        const tool = prog?.value.split('/').pop();
        if (prog && (tool === 'curl' || tool === 'wget') && !provided.has(tool)) {
          context.report({ node, range: prog.range, messageId: 'noTool', data: { tool, base: fam.label } });
        }
      },
    };
  },
});

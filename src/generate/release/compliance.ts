import type { MarkdownBlock } from '../model/files.js';
import type { Decision, PlannedFile } from '../types.js';
import { artifacts, CI_TITLES, type Framework, frameworks } from './compliance-controls.js';
import type { ReleaseContext, ReleaseOutput } from './context.js';
import { imageReference } from './registry.js';
import { cosignVerifyCommand } from './shell.js';

/**
 * `COMPLIANCE.md`: which generated file addresses which CIS Docker Benchmark, PCI DSS and SOC 2 control, what
 * remains the user's job, and how to collect evidence. A mapping to help an assessment, never a claim of
 * compliance: the document says so first.
 */

function frameworkBlocks(f: Framework): MarkdownBlock[] {
  return [
    { kind: 'heading', level: 2, text: f.heading },
    { kind: 'paragraph', text: f.intro },
    {
      kind: 'table',
      head: ['Control', 'Requirement', 'What this setup does', 'Where'],
      rows: f.rows.map((r) => [r.id, r.title, r.provides, r.where]),
    },
  ];
}

const REMAINS: readonly string[] = [
  '**Docker host and daemon (CIS sections 1–3):** a hardened, patched host with a separate partition for Docker data, auditd rules for the engine and its files, TLS on any remote daemon socket, user-namespace remapping or a rootless engine, `no-new-privileges` and centralized logging daemon-wide, ownership and permissions of daemon files. Run docker-bench-security on each host.',
  '**Runtime controls not generated:** an AppArmor or SELinux profile beyond the engine default (CIS 5.2/5.3), a PIDs limit (`pids_limit`, CIS 5.29), a custom seccomp profile recorded from the app (README.Docker.md, "Runtime security"), and the same settings in Kubernetes manifests if you deploy there.',
  '**Key management:** who holds signing keys or which OIDC identities may sign, their rotation and revocation; the public key or identity policy your clusters verify against; encryption keys of databases and volumes.',
  '**Access control:** branch protection and required reviews for the default branch and the deploy repository, who may approve promotions, MFA for CI and registry accounts, periodic access reviews, scoping robot accounts and cloud roles to this repository.',
  '**Logging and retention:** ship container logs, Falco alerts, CI logs and registry audit logs to a central store; PCI DSS 10.5.1 asks for 12 months of history with the last three months immediately available.',
  '**Incident response:** who receives Falco and scan alerts, response playbooks (isolate the container, keep the image digest and logs, rotate credentials), and exercising them.',
  '**Vulnerability operations:** a scheduled rebuild and re-scan (new CVEs appear after release), remediation deadlines per severity, review of `.trivyignore` entries before they expire, penetration tests.',
  '**Network and data:** segmentation and firewalling of the environment, TLS termination, database encryption at rest, backups and restore tests.',
  '**Evidence over time:** SOC 2 and PCI assessments test that controls operated during the period. Keep pipeline runs, scan reports, SBOMs, signatures and alert records for the retention period you commit to.',
];

function evidence(ctx: ReleaseContext): MarkdownBlock[] {
  const a = artifacts(ctx);
  const image = imageReference(ctx.registry, (v) => `$${v}`);
  const ref = `"${image}@$DIGEST"`;
  const lines = [
    'mkdir -p evidence',
    '# The digest a release shipped (from the pipeline summary or the registry)',
    'DIGEST=sha256:...',
    '',
    '# Configuration as deployed: the effective Compose model and the running containers’ settings',
    ...(a.compose
      ? [
          `docker compose -f ${a.compose} config > evidence/compose-effective.yaml`,
          `docker compose -f ${a.compose} ps -q | xargs docker inspect --format '{{.Name}} user={{.Config.User}} ro={{.HostConfig.ReadonlyRootfs}} capdrop={{.HostConfig.CapDrop}} secopt={{.HostConfig.SecurityOpt}} mem={{.HostConfig.Memory}} cpus={{.HostConfig.NanoCpus}}' > evidence/containers.txt`,
        ]
      : []),
    '',
    '# Review at the hardened profile (what the lint step enforces)',
    `npx --yes dockwright@${ctx.dockwrightVersion} lint --profile ${ctx.profile} --format sarif -o evidence/review.sarif`,
    '',
    '# Vulnerability scan of the shipped digest with the committed policy',
    `trivy image --config ${a.trivyConfig} --format json --output evidence/trivy.json ${ref}`,
    '',
    '# Signature, SBOM and provenance attached to the digest',
    `${cosignVerifyCommand(ctx, ref)} > evidence/cosign-verify.json`,
    `docker buildx imagetools inspect ${ref} --format '{{ json .SBOM }}' > evidence/sbom.json`,
    `docker buildx imagetools inspect ${ref} --format '{{ json .Provenance }}' > evidence/provenance.json`,
    ...(a.falco
      ? [
          '',
          '# Runtime rules load cleanly on a Falco host',
          `sudo falco -V /etc/falco/falco_rules.yaml -V ${a.falco}`,
        ]
      : []),
    '',
    '# Host, daemon and running containers (the CIS checks) on each Docker host, from a pinned docker-bench-security checkout',
    'sudo sh docker-bench-security.sh -l evidence/docker-bench.log',
  ];
  return [
    { kind: 'heading', level: 2, text: 'Producing evidence' },
    {
      kind: 'paragraph',
      text: `Collect these for each release and keep them with the ${CI_TITLES[ctx.ci]} run logs (variables as in README.Docker.md):`,
    },
    { kind: 'code', lang: 'sh', lines },
  ];
}

function document(ctx: ReleaseContext): MarkdownBlock[] {
  const a = artifacts(ctx);
  const files: [string, string][] = [
    [a.dockerfile, `multi-stage build, non-root user${ctx.port !== null ? ', health check' : ''}`],
    [a.dockerignore, 'keeps secrets and VCS data out of the build context'],
    ...(a.compose
      ? ([
          [
            a.compose,
            'read-only root, dropped capabilities, no-new-privileges, resource limits, secrets as files',
          ],
        ] as [string, string][])
      : []),
    [a.pipeline, `${CI_TITLES[ctx.ci]} pipeline: lint, build, test, scan, SBOM, sign, push, promote`],
    [a.trivyConfig, 'vulnerability scan policy (severities, scanners)'],
    [a.trivyIgnore, 'accepted findings, each with a reason and an expiry'],
    ...(a.cosignPolicy ? ([[a.cosignPolicy, 'signature verification policy']] as [string, string][]) : []),
    ...(a.bake
      ? ([[a.bake, 'multi-platform build with SBOM and provenance attestations']] as [string, string][])
      : []),
    ...(a.harbor
      ? ([[a.harbor, 'Harbor install with required secrets and Trivy']] as [string, string][])
      : []),
    ...(a.falco ? ([[a.falco, 'runtime detection rules for the app container']] as [string, string][]) : []),
  ];
  return [
    { kind: 'heading', level: 1, text: `Compliance mapping: ${ctx.image}` },
    {
      kind: 'paragraph',
      text: 'Generated by `dockwright init` (tier 4). This is a mapping of controls to the files this setup generated, to help you prepare an assessment. It is not a certification or an attestation of compliance: frameworks also require policies, scoping, people and evidence over time, and an assessor or auditor decides whether a control is met.',
    },
    {
      kind: 'paragraph',
      text: 'Frameworks: CIS Docker Benchmark v1.6.0 (numbering as in docker-bench-security 1.6.0), PCI DSS v4.0 (the wording is unchanged in v4.0.1), SOC 2 Trust Services Criteria (2017, revised 2022). Only controls with a concrete generated counterpart are listed; everything else is yours (see the end).',
    },
    { kind: 'heading', level: 2, text: 'Generated artifacts' },
    { kind: 'table', head: ['File', 'What it does'], rows: files.map(([p, d]) => [`\`${p}\``, d]) },
    ...frameworks(ctx).flatMap(frameworkBlocks),
    { kind: 'heading', level: 2, text: 'What remains your responsibility' },
    { kind: 'list', items: [...REMAINS] },
    ...evidence(ctx),
  ];
}

export function complianceDoc(ctx: ReleaseContext): ReleaseOutput {
  const path = ctx.paths.compliance;
  if (!path) return { files: [], readme: [], decisions: [] };
  const file: PlannedFile = { kind: 'markdown', path, model: { blocks: document(ctx) } };
  const readme: MarkdownBlock[] = [
    { kind: 'heading', level: 2, text: 'Compliance mapping' },
    {
      kind: 'paragraph',
      text: `\`${path}\` maps CIS Docker Benchmark v1.6.0, PCI DSS v4.0 and SOC 2 controls to the files generated here, lists what remains your responsibility (host hardening, keys, access, logging, incident response) and the commands that produce evidence. It is a mapping, not a certification.`,
    },
  ];
  const decisions: Decision[] = [
    {
      topic: 'compliance mapping',
      choice: `${path}: CIS Docker v1.6.0, PCI DSS v4.0, SOC 2`,
      reason:
        'only controls with a concrete generated counterpart are cited; the rest is listed as the user’s responsibility',
    },
  ];
  return { files: [file], readme, decisions };
}

import type { CiProvider } from '../types.js';
import type { ReleaseContext } from './context.js';

/**
 * The control mappings of COMPLIANCE.md: which generated file (and what inside it) addresses which control.
 * Only controls whose number and title were confirmed are cited:
 * - CIS Docker Benchmark v1.6.0 numbering as implemented by docker-bench-security 1.6.0 (cross-checked with
 *   turbot/steampipe-mod-docker-compliance `cis_v160`).
 * - PCI DSS v4.0 requirement texts (withpci.com / PCI SSC wording, unchanged in 4.0.1).
 * - SOC 2 Trust Services Criteria (AICPA TSC 2017, revised 2022), common criteria.
 * A cell wraps every file path in backticks; tests check each one exists in the setup's generated files.
 */

export interface ControlRow {
  readonly id: string;
  readonly title: string;
  /** What the generated setup does about it. */
  readonly provides: string;
  /** Files (in backticks) and pipeline steps where it lives. */
  readonly where: string;
}

export interface Framework {
  readonly heading: string;
  readonly intro: string;
  readonly rows: readonly ControlRow[];
}

/** Paths of the generated files the mapping points at. */
export interface Artifacts {
  readonly dockerfile: string;
  readonly dockerignore: string;
  readonly compose: string | null;
  readonly pipeline: string;
  readonly trivyConfig: string;
  readonly trivyIgnore: string;
  readonly cosignPolicy: string | null;
  readonly bake: string | null;
  readonly harbor: string | null;
  readonly falco: string | null;
}

export const CI_TITLES: Readonly<Record<CiProvider, string>> = {
  github: 'GitHub Actions',
  gitlab: 'GitLab CI',
  jenkins: 'Jenkins',
  circleci: 'CircleCI',
};

const code = (path: string) => `\`${path}\``;

export function artifacts(ctx: ReleaseContext): Artifacts {
  const dir = ctx.layout.context === '.' ? '' : `${ctx.layout.context}/`;
  return {
    dockerfile: ctx.layout.dockerfile,
    dockerignore: `${dir}.dockerignore`,
    compose: ctx.composeFiles[0] ?? null,
    pipeline: ctx.paths.pipeline,
    trivyConfig: ctx.paths.trivyConfig,
    trivyIgnore: ctx.paths.trivyIgnore,
    cosignPolicy: ctx.paths.cosignPolicy,
    bake: ctx.paths.bake,
    harbor: ctx.paths.harborValues,
    falco: ctx.paths.falcoRules,
  };
}

/** `file` + detail, or a plain note when the setup has no such file. */
function at(path: string | null, detail: string, missing = 'not generated for this setup'): string {
  return path ? `${code(path)}: ${detail}` : missing;
}

const step = (a: Artifacts, name: string) => `${code(a.pipeline)}: ${name} step`;

function signing(ctx: ReleaseContext): string {
  return ctx.ci === 'github' || ctx.ci === 'gitlab'
    ? 'a keyless Cosign signature with the CI’s OIDC identity on every pushed digest'
    : 'a Cosign signature with a key held in the CI’s credential store on every pushed digest';
}

function cis(ctx: ReleaseContext, a: Artifacts): Framework {
  const c = a.compose;
  const user = ctx.user
    ? `\`USER\` ${ctx.user.uid} (${ctx.user.name}) in the final stage`
    : 'no non-root user';
  const rows: ControlRow[] = [
    {
      id: '4.1',
      title: 'Ensure that a user for the container has been created',
      provides: user,
      where: code(a.dockerfile),
    },
    {
      id: '4.2',
      title: 'Ensure that containers use only trusted base images',
      provides:
        'official or distroless base images chosen per stack; the review flags unpinned and unofficial images',
      where: `${code(a.dockerfile)}; ${step(a, 'lint')}`,
    },
    {
      id: '4.3',
      title: 'Ensure that unnecessary packages are not installed in the container',
      provides:
        'multi-stage build: compilers, package managers’ caches and dev dependencies stay in build stages',
      where: code(a.dockerfile),
    },
    {
      id: '4.4',
      title: 'Ensure images are scanned and rebuilt to include security patches',
      provides:
        'Trivy scan of every built image, failing on fixable CRITICAL/HIGH findings; accepted findings expire',
      where: `${step(a, 'scan')}; ${code(a.trivyConfig)}; ${code(a.trivyIgnore)}`,
    },
    {
      id: '4.5',
      title: 'Ensure Content trust for Docker is Enabled',
      provides: `intent met with Sigstore instead of Docker Content Trust (Notary v1): ${signing(ctx)}, verified before promotion`,
      where: [step(a, 'sign'), a.cosignPolicy ? code(a.cosignPolicy) : null].filter(Boolean).join('; '),
    },
    ...(ctx.port !== null
      ? [
          {
            id: '4.6',
            title: 'Ensure that HEALTHCHECK instructions have been added to container images',
            provides: 'a HEALTHCHECK that uses a binary the image ships',
            where: code(a.dockerfile),
          },
        ]
      : []),
    {
      id: '4.9',
      title: 'Ensure that COPY is used instead of ADD in Dockerfiles',
      provides: 'only COPY; the review rejects ADD',
      where: `${code(a.dockerfile)}; ${step(a, 'lint')}`,
    },
    {
      id: '4.10',
      title: 'Ensure secrets are not stored in Dockerfiles',
      provides:
        'no credentials in ARG/ENV; .env and secret files excluded from the build context; the review flags secret-looking ARG/ENV',
      where: `${code(a.dockerignore)}; ${step(a, 'lint')}`,
    },
  ];
  if (c) {
    rows.push(
      {
        id: '5.4',
        title: 'Ensure that Linux kernel capabilities are restricted within containers',
        provides:
          '`cap_drop: [ALL]` on every service; backing services add back only what their entrypoint needs',
        where: code(c),
      },
      {
        id: '5.5',
        title: 'Ensure that privileged containers are not used',
        provides: 'no `privileged: true` on any service',
        where: code(c),
      },
      {
        id: '5.10',
        title: "Ensure that the host's network namespace is not shared",
        provides:
          'services on their own networks (backend network `internal: true`), no `network_mode: host`',
        where: code(c),
      },
      {
        id: '5.11',
        title: 'Ensure that the memory usage for containers is limited',
        provides: '`deploy.resources.limits.memory` on every service',
        where: code(c),
      },
      {
        id: '5.12',
        title: 'Ensure that CPU priority is set appropriately on containers',
        provides: '`deploy.resources.limits.cpus` on every service (a limit, not `cpu_shares`)',
        where: code(c),
      },
      {
        id: '5.13',
        title: "Ensure that the container's root filesystem is mounted as read only",
        provides: '`read_only: true` with `tmpfs` for the paths each service writes',
        where: code(c),
      },
      {
        id: '5.22',
        title: 'Ensure the default seccomp profile is not Disabled',
        provides: "no `seccomp=unconfined`: Docker's default profile applies",
        where: code(c),
      },
      {
        id: '5.26',
        title: 'Ensure that the container is restricted from acquiring additional privileges',
        provides: '`security_opt: [no-new-privileges:true]` on every service',
        where: code(c),
      },
      {
        id: '5.27',
        title: 'Ensure that container health is checked at runtime',
        provides:
          'compose `healthcheck` on the app and every backing service; dependants wait for `service_healthy`',
        where: code(c),
      },
      {
        id: '5.32',
        title: 'Ensure that the Docker socket is not mounted inside any containers',
        provides: 'no `/var/run/docker.sock` mount',
        where: code(c),
      },
    );
  }
  return {
    heading: 'CIS Docker Benchmark v1.6.0',
    intro:
      'Sections 4 (images and build file) and 5 (container runtime). Numbers and titles as implemented by docker-bench-security 1.6.0. Sections 1–3 (host, daemon, daemon files) are about the Docker host and are listed under "What remains your responsibility".',
    rows,
  };
}

function pci(a: Artifacts): Framework {
  return {
    heading: 'PCI DSS v4.0',
    intro:
      'Requirements whose technical part the generated files implement. Each still needs your documented policy, scope (the cardholder data environment) and evidence over time.',
    rows: [
      {
        id: '2.2.1',
        title: 'Configuration standards are developed, implemented, and maintained',
        provides:
          'the CIS Docker Benchmark mapping above as the container standard, enforced by the hardened review profile on every change',
        where: `${step(a, 'lint')}; ${a.compose ? code(a.compose) : code(a.dockerfile)}`,
      },
      {
        id: '2.2.2',
        title: 'Vendor default accounts are managed',
        provides:
          'no default credentials: backing-service passwords are random files created by `dockwright init`, Harbor credentials are existing secrets, never the chart defaults',
        where: [a.compose ? code(a.compose) : null, a.harbor ? code(a.harbor) : null]
          .filter(Boolean)
          .join('; '),
      },
      {
        id: '6.3.1',
        title: 'Security vulnerabilities are identified and managed',
        provides:
          'every image scanned with Trivy (OS and library packages); exceptions carry a reason and an expiry date',
        where: `${step(a, 'scan')}; ${code(a.trivyConfig)}; ${code(a.trivyIgnore)}`,
      },
      {
        id: '6.3.2',
        title:
          'An inventory of bespoke and custom software, and third-party software components incorporated into bespoke and custom software is maintained',
        provides:
          'an SBOM (CycloneDX, and SPDX through BuildKit attestations) attached to every pushed image',
        where: [step(a, 'sbom'), a.bake ? code(a.bake) : null].filter(Boolean).join('; '),
      },
      {
        id: '6.3.3',
        title:
          'All system components are protected from known vulnerabilities by installing applicable security patches/updates',
        provides:
          'the scan gate blocks images with fixable CRITICAL/HIGH findings; a rebuild picks up patched base images (schedule it, see below)',
        where: `${step(a, 'scan')}; ${code(a.trivyConfig)}`,
      },
      {
        id: '6.5.1',
        title:
          'Changes to all system components in the production environment are made according to established procedures',
        provides:
          'every change goes through lint, test and scan; production gets an immutable, signed digest by pull request (promote), never a mutable tag',
        where: `${code(a.pipeline)}: lint, build, test, scan, sign, promote steps`,
      },
      {
        id: '8.6.2',
        title:
          'Passwords/passphrases for any application and system accounts that can be used for interactive login are not hard coded in scripts, configuration/property files, or bespoke and custom source code',
        provides:
          'credentials come from Compose secrets, the CI’s secret store, or Kubernetes secrets; none is written into a generated file',
        where: [a.compose ? code(a.compose) : null, code(a.pipeline), a.harbor ? code(a.harbor) : null]
          .filter(Boolean)
          .join('; '),
      },
      {
        id: '11.5.1',
        title:
          'Intrusion-detection and/or intrusion-prevention techniques are used to detect and/or prevent intrusions into the network',
        provides:
          'host-level detection for the app container (shell, unexpected outbound connection, writes to binary/app directories, package managers); network IDS at the CDE perimeter is not generated',
        where: at(a.falco, 'Falco rules'),
      },
    ],
  };
}

function soc2(ctx: ReleaseContext, a: Artifacts): Framework {
  return {
    heading: 'SOC 2 (Trust Services Criteria, common criteria)',
    intro:
      'Criteria the generated files support with technical controls. SOC 2 tests that controls operated over the audit period, so keep the evidence listed below.',
    rows: [
      {
        id: 'CC6.1',
        title:
          'The entity implements logical access security software, infrastructure, and architectures over protected information assets',
        provides: `registry pushes with short-lived CI identities or scoped robot accounts (${ctx.registry.title}); backing services only on an internal network`,
        where: [code(a.pipeline), a.compose ? code(a.compose) : null, a.harbor ? code(a.harbor) : null]
          .filter(Boolean)
          .join('; '),
      },
      {
        id: 'CC6.8',
        title:
          'The entity implements controls to prevent or detect and act upon the introduction of unauthorized or malicious software',
        provides: `only signed images are promoted (${signing(ctx)}); runtime detection of package managers and dropped binaries`,
        where: [step(a, 'sign'), a.cosignPolicy ? code(a.cosignPolicy) : null, a.falco ? code(a.falco) : null]
          .filter(Boolean)
          .join('; '),
      },
      {
        id: 'CC7.1',
        title:
          'The entity uses detection and monitoring procedures to identify changes to configurations that result in the introduction of new vulnerabilities, and susceptibilities to newly discovered vulnerabilities',
        provides:
          'the review and the vulnerability scan run on every change; Harbor re-scans stored images when its scanner is scheduled',
        where: [
          `${code(a.pipeline)}: lint and scan steps`,
          code(a.trivyConfig),
          a.harbor ? code(a.harbor) : null,
        ]
          .filter(Boolean)
          .join('; '),
      },
      {
        id: 'CC7.2',
        title: 'The entity monitors system components and the operation of those components for anomalies',
        provides: 'Falco rules for anomalous behaviour of the app container; health checks on every service',
        where: [a.falco ? code(a.falco) : null, a.compose ? code(a.compose) : code(a.dockerfile)]
          .filter(Boolean)
          .join('; '),
      },
      {
        id: 'CC8.1',
        title:
          'The entity authorizes, designs, develops or acquires, configures, documents, tests, approves, and implements changes to infrastructure, data, software, and procedures',
        provides:
          'changes are built, tested and scanned by the pipeline; release tags are immutable; production changes are pull requests that pin a digest',
        where: [`${code(a.pipeline)}: build, test, scan, promote steps`, a.bake ? code(a.bake) : null]
          .filter(Boolean)
          .join('; '),
      },
    ],
  };
}

export function frameworks(ctx: ReleaseContext): Framework[] {
  const a = artifacts(ctx);
  return [cis(ctx, a), pci(a), soc2(ctx, a)];
}

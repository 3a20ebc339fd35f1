import type { JenkinsStage, JenkinsWhen } from '../../model/jenkinsfile.js';
import { groovyString } from '../../print/jenkinsfile.js';
import type { ReleaseContext, ReleaseOutput } from '../context.js';
import { jenkinsDecisions, jenkinsReadme } from './jenkins-readme.js';
import {
  COSIGN_KEY_ID,
  COSIGN_PASSWORD_ID,
  DEPLOY_REPO_ID,
  jenkinsSettings,
  registryCredential,
} from './jenkins-settings.js';
import {
  buildScript,
  cleanupScript,
  collectReportsScript,
  lintScript,
  promoteScript,
  promoteVerifyScript,
  pushScript,
  REPORTS_DIR,
  sbomScript,
  scanScript,
  signScript,
  testScript,
} from './jenkins-shell.js';

export { jenkinsCredentialIds, registryCredential } from './jenkins-settings.js';

/**
 * `--ci jenkins`: a declarative Jenkinsfile (Lint → Build → Test → Scan → SBOM → Push → Sign, plus Promote at
 * tier 4). Jenkins has no OIDC federation out of the box, so registry, signing and deploy access come from stored
 * credentials bound per stage with `credentials()`; every `sh` step is single-quoted so only the shell sees them.
 */

/** Push, Sign and Promote run for the default branch and for tags only. */
function releaseWhen(ctx: ReleaseContext, extra: Partial<JenkinsWhen> = {}): JenkinsWhen {
  return { anyOf: [`branch ${groovyString(ctx.defaultBranch)}`, 'buildingTag()'], ...extra };
}

const sh = (script: string) => ({ kind: 'sh', script }) as const;
const raw = (text: string) => ({ kind: 'raw', text }) as const;
const registryEnv = (ctx: ReleaseContext): [string, string] => [
  'REGISTRY_CREDS',
  `credentials(${groovyString(registryCredential(ctx).id)})`,
];

function ciStages(ctx: ReleaseContext): JenkinsStage[] {
  const test = ctx.stages.test;
  return [
    {
      name: 'Lint',
      comment: [`dockwright's own review of the Dockerfile and compose files (${ctx.profile} profile).`],
      steps: [sh(lintScript(ctx))],
    },
    {
      name: 'Build',
      comment: ['BuildKit with the registry cache; the image is loaded locally for the scan, not pushed.'],
      steps: [sh(buildScript(ctx))],
    },
    {
      name: 'Test',
      comment: test
        ? [`Builds the Dockerfile's "${test.stage}" stage, which runs: ${test.command}`]
        : ['This stack has no test stage at this tier; the step says so instead of pretending to test.'],
      steps: [sh(testScript(ctx))],
    },
    {
      name: 'Scan',
      comment: [`Trivy with ${ctx.paths.trivyConfig}: fails on CRITICAL and HIGH findings.`],
      steps: [sh(scanScript(ctx))],
    },
    {
      name: 'SBOM',
      comment: ['CycloneDX SBOM of the scanned image, archived with the build.'],
      steps: [sh(sbomScript(ctx))],
    },
    {
      name: 'Push',
      comment:
        ctx.tier === 4
          ? [
              `Multi-platform push with bake (${ctx.platforms.join(', ')}) and the bake file's SLSA provenance (mode=max) and SBOM attestations.`,
            ]
          : ['Tags from git metadata: sha-<short>, the branch, and semver tags for v*.*.* releases.'],
      when: releaseWhen(ctx),
      environment: [registryEnv(ctx)],
      steps: [sh(pushScript(ctx))],
    },
    {
      name: 'Sign',
      comment: [
        `Cosign with a key pair stored in Jenkins: ${ctx.tier === 4 ? 'signature, CycloneDX SBOM and SLSA provenance (admission policy)' : 'signature and CycloneDX SBOM'}; verify with cosign.pub.`,
      ],
      when: releaseWhen(ctx),
      environment: [
        registryEnv(ctx),
        ['COSIGN_KEY', `credentials(${groovyString(COSIGN_KEY_ID)})`],
        ['COSIGN_PASSWORD', `credentials(${groovyString(COSIGN_PASSWORD_ID)})`],
      ],
      steps: [sh(signScript(ctx))],
    },
  ];
}

/** Reports go to the workspace only now, after every build has used it as its context. */
function reportSteps(ctx: ReleaseContext) {
  return [
    sh(collectReportsScript()),
    raw(`junit allowEmptyResults: true, testResults: ${groovyString(`${REPORTS_DIR}/dockwright-junit.xml`)}`),
    raw(`archiveArtifacts artifacts: ${groovyString(`${REPORTS_DIR}/**`)}, allowEmptyArchive: true`),
    ...(ctx.tier === 4
      ? [
          raw(
            `stash name: 'release', includes: ${groovyString(`${REPORTS_DIR}/image-digest.txt`)}, allowEmpty: true`,
          ),
        ]
      : []),
  ];
}

function postSections(ctx: ReleaseContext) {
  return [
    { condition: 'always', steps: reportSteps(ctx) },
    { condition: 'cleanup', steps: [sh(cleanupScript(ctx))] },
  ];
}

function promoteStage(ctx: ReleaseContext): JenkinsStage {
  return {
    name: 'Promote',
    comment: [
      'GitOps promotion of the immutable digest: approval, then signature verification and a fresh scan,',
      'then a pull request to the deploy repository. The approval waits without holding an executor.',
    ],
    agent: "{ label 'docker' }",
    when: releaseWhen(ctx, { beforeAgent: true, beforeInput: true }),
    options: ["timeout(time: 1, unit: 'DAYS')"],
    input: { message: `Promote ${ctx.image} to production?`, ok: 'Promote' },
    environment: [registryEnv(ctx)],
    steps: [
      raw("unstash 'release'"),
      sh(promoteVerifyScript(ctx)),
      {
        kind: 'block',
        head: `withCredentials([usernamePassword(credentialsId: ${groovyString(DEPLOY_REPO_ID)}, usernameVariable: 'DEPLOY_GIT_USER', passwordVariable: 'DEPLOY_GIT_TOKEN')])`,
        body: [sh(promoteScript(ctx))],
      },
    ],
    post: [{ condition: 'cleanup', steps: [sh(cleanupScript(ctx))] }],
  };
}

const COMMON_OPTIONS = [
  'disableConcurrentBuilds()',
  "buildDiscarder(logRotator(numToKeepStr: '20'))",
  'timestamps()',
];
const BUILD_TIMEOUT = "timeout(time: 60, unit: 'MINUTES')";

export function jenkinsPipeline(ctx: ReleaseContext): ReleaseOutput {
  const header = [
    'Generated by dockwright init (tier ' +
      String(ctx.tier) +
      '). Release pipeline for the ' +
      ctx.image +
      ' image:',
    ctx.tier === 4
      ? 'lint, build, test, scan, SBOM, then on the default branch and tags a multi-platform push with provenance, signing and a gated promotion.'
      : 'lint, build, test, scan, SBOM, then on the default branch and tags push and sign.',
    'Setup (plugins, credentials, settings): README.Docker.md, "Release pipeline (Jenkins)".',
    'Every sh step is single-quoted on purpose: the shell expands secrets, Groovy never does.',
  ];
  const model =
    ctx.tier === 3
      ? {
          header,
          agent: "{ label 'docker' }",
          options: [BUILD_TIMEOUT, ...COMMON_OPTIONS],
          environment: jenkinsSettings(ctx),
          stages: ciStages(ctx),
          post: postSections(ctx),
        }
      : {
          header,
          // No pipeline-wide agent: Promote waits for approval for up to a day without holding an executor.
          agent: 'none',
          options: COMMON_OPTIONS,
          environment: jenkinsSettings(ctx),
          stages: [
            {
              name: 'Release',
              agent: "{ label 'docker' }",
              options: [BUILD_TIMEOUT],
              stages: ciStages(ctx),
              post: postSections(ctx),
            },
            promoteStage(ctx),
          ],
          post: [],
        };
  return {
    files: [{ kind: 'jenkinsfile', path: ctx.paths.pipeline, model }],
    readme: jenkinsReadme(ctx),
    decisions: jenkinsDecisions(ctx),
  };
}

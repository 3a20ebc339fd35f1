import type { ComposeHealthcheck } from '../model/compose.js';
import type { CopyInstr, Instr, StageModel } from '../model/dockerfile.js';
import { TIER_FEATURES } from '../tiers.js';
import type { Decision, PlannedFile, Stack, StackInput, StackPlan, TestStage } from '../types.js';
import { NGINX_UNPRIVILEGED_PLATFORMS } from './image-platforms.js';
import {
  NGINX_CMD,
  NGINX_HTML,
  NGINX_IMAGE,
  NGINX_PORT,
  NGINX_WRITABLE_PATHS,
  nginxCopies,
  nginxHealthcheck,
  nginxSite,
  nginxSiteCheck,
  nginxUserAndPort,
} from './nginx.js';
import { imageName } from './node.js';

/**
 * Plain HTML sites (a root index.html, a Staticfile `root:`, or public/ | site/ | … with an index.html): no build
 * step, the files served as they are by unprivileged nginx (the Node stack's nginx pieces, `./nginx.ts`).
 * Static-site generators that build with Node (Astro, Vite, …) are the Node stack's; the detector reports no
 * other generator today.
 *
 * Stages: `dev` (tier 2: the same server, files synced by `docker compose watch`) → `test` (tier 3+: the config
 * parses and the index page is there) → `runtime`. One stage at tier 1: there is nothing to build, so there is no
 * builder to keep out of the image.
 */

const posix = (...parts: string[]) =>
  parts
    .filter((p) => p !== '' && p !== '.')
    .join('/')
    .replace(/\/+/g, '/');

function planStatic(input: StackInput): StackPlan {
  const { app, layout, tier } = input;
  const appPath = layout.appInContext === '.' ? '' : layout.appInContext;
  const docRoot = posix(appPath, app.outputDir ?? '.');
  const confPath = posix(appPath, 'docker/nginx.conf');
  const withDev = tier >= 2 || input.options.compose === true;
  const healthchecks = tier >= 2;
  const contextRoot = layout.context === '.' ? '' : layout.context;
  // Cloud Foundry's Staticfile `pushstate: enabled` means client-side routing: unknown paths get index.html.
  const staticfile = input.files.readText(posix(contextRoot, appPath, 'Staticfile')) ?? '';
  const spaFallback = /^\s*pushstate\s*:\s*enabled\b/m.test(staticfile);

  const siteCopy = (comment?: string[]): CopyInstr => ({
    kind: 'COPY',
    sources: [docRoot ? `${docRoot}/` : '.'],
    dest: `${NGINX_HTML}/`,
    ...(comment ? { comment } : {}),
  });
  // The document root is the build context: docker/nginx.conf would be served at /docker/nginx.conf.
  const servedConf = docRoot === '';
  // The image runs as uid 101, which cannot delete root-owned copied files: remove as root, then drop back.
  const dropConf: Instr[] = servedConf
    ? [
        {
          kind: 'USER',
          user: '0',
          comment: ['The site root is the project root: do not serve the server config itself.'],
        },
        { kind: 'RUN', commands: [['rm', '-rf', `${NGINX_HTML}/docker`]] },
      ]
    : [];

  const stages: StageModel[] = [];
  if (withDev) {
    stages.push({
      from: {
        kind: 'FROM',
        image: NGINX_IMAGE,
        as: 'dev',
        comment: [
          'Development (compose.override.yaml): the same server; `docker compose watch` syncs edits.',
        ],
      },
      instructions: [
        ...nginxCopies(confPath, siteCopy()),
        ...dropConf,
        ...nginxUserAndPort(),
        { kind: 'CMD', args: NGINX_CMD },
      ],
    });
  }

  const features = TIER_FEATURES[tier];
  const decisions: Decision[] = [];
  let test: TestStage | null = null;
  if (features.hardenedRuntime) {
    test = {
      stage: 'test',
      command: 'nginx -t && test -s /usr/share/nginx/html/index.html',
      reason:
        'a plain HTML site has no test suite: the stage checks that nginx accepts the generated config and that the site has its index page',
    };
    stages.push({
      from: {
        kind: 'FROM',
        image: NGINX_IMAGE,
        as: 'test',
        comment: [
          'Tests: `docker build --target test .` checks the server config and the site; nothing depends on this stage.',
        ],
      },
      // One RUN: the served-config removal (as root, see dropConf) and the checks.
      instructions: [
        ...nginxCopies(confPath, siteCopy()),
        ...dropConf.filter((i) => i.kind !== 'RUN'),
        {
          ...nginxSiteCheck(),
          commands: [
            ...dropConf.flatMap((i) => (i.kind === 'RUN' ? i.commands : [])),
            ...nginxSiteCheck().commands,
          ],
        },
      ],
    });
    decisions.push({ topic: 'test stage', choice: `\`${test.command}\``, reason: test.reason });
  }

  const labels: [string, string][] = [
    ['org.opencontainers.image.title', app.name],
    ['org.opencontainers.image.version', '$VERSION'],
    ['org.opencontainers.image.revision', '$REVISION'],
    ['org.opencontainers.image.source', '$SOURCE_URL'],
  ];
  if (features.enterprise) {
    // The hardened profile requires the label; a plain site declares no license anywhere init can read.
    labels.push(['org.opencontainers.image.licenses', 'NOASSERTION']);
    decisions.push(
      {
        topic: 'license label',
        choice: 'org.opencontainers.image.licenses=NOASSERTION',
        reason:
          'the site declares no license; replace NOASSERTION with its SPDX identifier (e.g. CC-BY-4.0) so scanners and SBOMs report it',
      },
      {
        topic: 'multi-platform build',
        choice: `${NGINX_UNPRIVILEGED_PLATFORMS.join(', ')}, no emulated build step`,
        reason:
          'nothing is built: the files are copied as they are into nginx-unprivileged, which is published for every one of these platforms',
      },
    );
  }
  const runtime: Instr[] = [
    {
      kind: 'ARG',
      name: 'VERSION',
      default: '0.0.0',
      comment: ['OCI metadata; CI passes --build-arg VERSION=… REVISION=$(git rev-parse HEAD) SOURCE_URL=…'],
    },
    { kind: 'ARG', name: 'REVISION', default: 'unknown' },
    { kind: 'ARG', name: 'SOURCE_URL', default: '' },
    { kind: 'LABEL', labels },
    ...nginxCopies(
      confPath,
      siteCopy([`The site: ${docRoot ? `${docRoot}/` : 'the project root'} as it is, nothing to build.`]),
    ),
    ...dropConf,
    ...nginxUserAndPort(),
  ];
  let healthcheck: ComposeHealthcheck | null = null;
  if (healthchecks) {
    const h = nginxHealthcheck();
    runtime.push({
      ...h.instr,
      comment: ['nginx answers /healthz itself; BusyBox wget is in the Alpine image.'],
    });
    healthcheck = h.compose;
  }
  runtime.push({ kind: 'CMD', args: NGINX_CMD });
  stages.push({
    from: {
      kind: 'FROM',
      image: NGINX_IMAGE,
      as: 'runtime',
      comment: ['Runtime: the files behind unprivileged nginx.'],
    },
    instructions: runtime,
  });

  const name = imageName(app.name);
  const watchPath = `./${posix(contextRoot, docRoot)}`.replace(/\/$/, '') || '.';
  const extraFiles: PlannedFile[] = [
    {
      kind: 'nginx',
      path: posix(contextRoot, confPath),
      model: nginxSite({ spaFallback, assetCache: 'revalidate' }),
    },
  ];
  return {
    dockerfile: {
      syntax: 'docker/dockerfile:1',
      header: [
        `${app.name}: static site on unprivileged nginx (generated by dockwright init, tier ${tier}).`,
        `Build:  docker build${layout.dockerfile === 'Dockerfile' || layout.dockerfile === posix(layout.context, 'Dockerfile') ? '' : ` -f ${layout.dockerfile}`} -t ${name} ${layout.context}`,
        `Run:    docker run --rm -p ${NGINX_PORT}:${NGINX_PORT} ${name}`,
      ],
      globalArgs: [],
      stages,
    },
    ignore: [
      {
        title: 'Project files that are not part of the site (the document root is served as it is)',
        patterns: ['**/*.md', 'Staticfile', '.dockwright.yaml', '.env.example', 'node_modules'],
      },
    ],
    finalImage: 'alpine',
    images: [
      {
        stage: 'runtime',
        image: NGINX_IMAGE,
        reason: 'static files need no runtime; nginx-unprivileged runs as uid 101 and listens on 8080',
      },
    ],
    user: { name: 'nginx', uid: 101 },
    port: NGINX_PORT,
    healthcheck,
    environment: {},
    dataDir: null,
    dev: withDev
      ? {
          target: 'dev',
          environment: {},
          ports: [`${NGINX_PORT}:${NGINX_PORT}`],
          watch: [
            {
              action: 'sync',
              path: watchPath,
              target: NGINX_HTML,
              ...(servedConf ? { ignore: ['docker/'] } : {}),
            },
          ],
          notes: ['serves the files with nginx; `docker compose watch` syncs every edit (reload the page)'],
        }
      : null,
    extraFiles,
    decisions: [
      ...decisions,
      {
        topic: 'static runtime',
        choice: 'nginx-unprivileged, no build stage',
        reason: `${docRoot ? `${docRoot}/` : 'the project root'} is served as it is; ${spaFallback ? 'SPA fallback to index.html (Staticfile `pushstate: enabled`)' : 'no SPA fallback (unknown paths are 404)'}, pages revalidate and assets cache for an hour because their names carry no content hash`,
      },
    ],
    readme: test
      ? [
          `\`docker build --target test .\` runs \`${test.command}\` (${test.reason}).`,
          `Platforms: ${NGINX_UNPRIVILEGED_PLATFORMS.join(', ')} (every platform nginx-unprivileged publishes).`,
        ]
      : [],
    ...(test ? { test, writablePaths: [...NGINX_WRITABLE_PATHS] } : {}),
    platforms: NGINX_UNPRIVILEGED_PLATFORMS,
  };
}

export const staticStack: Stack = {
  id: 'static',
  languages: ['static'],
  plan: planStatic,
};

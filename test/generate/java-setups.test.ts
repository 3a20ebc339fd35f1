import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectProject } from '../../src/detect/index.js';
import { dockerfileFromText, printDockerfile, runChecklist } from '../../src/generate/index.js';
import { planSetup, renderPlan } from '../../src/generate/plan.js';
import { diskProjectFiles } from '../../src/generate/project-files.js';
import { selfCheck } from '../../src/generate/self-check.js';
import type { FinalImage, Tier } from '../../src/generate/types.js';
import { digestsFor } from './digests-double.js';
import { expectTestStageText as expectTestStage } from './test-stage-checks.js';

/**
 * Java stack × tiers 1 and 2 over the detect fixtures (as node-setups.test.ts): parse → print round trip, our own
 * review at the tier's profile with zero findings (compose files through the loader with schema validation),
 * every checklist item of the tier met, and the reviewed files under __snapshots__/.
 */
const FIXTURES = join(import.meta.dirname, '../detect/fixtures');

const SETUPS: {
  fixture: string;
  app?: string;
  finalImage?: FinalImage;
  /** Files the fixture lacks that the setup pretends exist (binary wrapper jars are not committed as fixtures). */
  withFiles?: string[];
  variant?: string;
  what: string;
}[] = [
  {
    fixture: 'java-spring-boot-maven',
    what: 'Spring Boot 3.3 (Maven wrapper), layered jar, postgres, actuator health',
  },
  {
    fixture: 'java-gradle-kotlin-spring',
    what: 'Spring Boot 3.3 on Kotlin, incomplete Gradle wrapper (gradle:8.8 image), redis, TCP probe',
  },
  {
    fixture: 'java-maven-multi-module',
    what: 'Maven multi-module, app module shop-api, no complete wrapper',
  },
  { fixture: 'java-quarkus-maven', what: 'Quarkus fast-jar (Maven image), /q/health' },
  { fixture: 'java-micronaut-gradle', what: 'Micronaut installDist (Gradle image), kafka, /health' },
  {
    fixture: 'java-spring-boot-maven',
    finalImage: 'distroless',
    what: 'distroless java (tier 1), Alpine fallback for the tier 2 probe',
  },
  {
    fixture: 'java-gradle-kotlin-spring',
    withFiles: ['gradle/wrapper/gradle-wrapper.jar'],
    variant: 'wrapper',
    what: 'Spring Boot 3.3 on Kotlin with a complete Gradle wrapper (./gradlew on Temurin JDK)',
  },
];

describe.each(SETUPS)('$fixture ($what)', (setup) => {
  it.each([1, 2] as Tier[])('tier %i', async (tier) => {
    const facts = await detectProject(join(FIXTURES, setup.fixture), setup.app ? { app: setup.app } : {});
    const options = {
      tier,
      ...(setup.app ? { app: setup.app } : {}),
      ...(setup.finalImage ? { finalImage: setup.finalImage } : {}),
    };
    const disk = diskProjectFiles(facts.root);
    const files_ = setup.withFiles
      ? {
          exists: (p: string) => setup.withFiles?.includes(p) === true || disk.exists(p),
          readText: disk.readText,
        }
      : disk;
    const plan = planSetup(facts, options, { files: files_ });
    expect(plan.stack).toBe('java');
    const files = renderPlan(plan);
    expect(renderPlan(planSetup(facts, options, { files: files_ }))).toEqual(files);

    for (const f of files.filter((x) => x.kind === 'dockerfile')) {
      expect(printDockerfile(dockerfileFromText(f.content, f.path)), f.path).toBe(f.content);
    }

    const findings = await selfCheck(plan, files, { root: facts.root });
    expect(findings.map((d) => `${d.file}:${d.start.line} ${d.code}: ${d.message}`)).toEqual([]);

    const results = runChecklist(plan, files);
    expect(results.filter((c) => !c.ok)).toEqual([]);
    const ids = results.map((c) => c.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'multi-stage',
        'deps-before-source',
        'cache-mounts',
        'pinned-base-tags',
        'exec-form-cmd',
        'dockerignore',
        'oci-labels',
      ]),
    );
    if (tier === 2) {
      expect(ids).toEqual(
        expect.arrayContaining([
          'non-root-user',
          'compose-healthchecks',
          'depends-on-healthy',
          'resource-limits',
          'restart-policies',
          'secrets-not-env',
          'dev-override',
          'env-example',
          'healthcheck',
          'debugger-port',
        ]),
      );
      expect(files.map((f) => f.path)).toEqual(
        expect.arrayContaining(['compose.yaml', 'compose.override.yaml', '.env.example', 'README.Docker.md']),
      );
    } else {
      expect(files.some((f) => f.kind === 'compose')).toBe(false);
    }

    for (const f of files) {
      await expect(f.content).toMatchFileSnapshot(
        `__snapshots__/${setup.fixture}${setup.app ? `--${setup.app.replace(/\//g, '-')}` : ''}${setup.finalImage ? `--${setup.finalImage}` : ''}${setup.variant ? `--${setup.variant}` : ''}/tier${tier}/${f.path.replace(/\//g, '__')}`,
      );
    }
  });
});

/** The test stage's command per setup (the wrapper when complete, -pl/-am for a module of a multi-module build). */
const TEST_COMMAND: Record<string, string> = {
  'java-spring-boot-maven': './mvnw -B test',
  'java-gradle-kotlin-spring': 'gradle --no-daemon test',
  'java-gradle-kotlin-spring--wrapper': './gradlew --no-daemon test',
  'java-maven-multi-module': 'mvn -B -pl shop-api -am test',
  'java-quarkus-maven': 'mvn -B test',
  'java-micronaut-gradle': 'gradle --no-daemon test',
};
const SNAPSHOT = new Set(['java-spring-boot-maven', 'java-micronaut-gradle']);

/**
 * Tiers 3–4, the checks of the tier 1–2 loop above (round trip, our review at the production / hardened profile,
 * every checklist item; tier 4 with digest-pinned bases from the registry double), plus the test stage FROM build
 * that the runtime stage does not depend on, the build running on $BUILDPLATFORM at tier 4, and distroless java with
 * a copied BusyBox probe wherever the app shape allows it.
 */
describe.each(SETUPS)('$fixture $variant $finalImage tiers 3–4', (setup) => {
  it.each([3, 4] as Tier[])('tier %i', async (tier) => {
    const facts = await detectProject(join(FIXTURES, setup.fixture), setup.app ? { app: setup.app } : {});
    const options = {
      tier,
      ...(setup.app ? { app: setup.app } : {}),
      ...(setup.finalImage ? { finalImage: setup.finalImage } : {}),
    };
    const disk = diskProjectFiles(facts.root);
    const files_ = setup.withFiles
      ? {
          exists: (p: string) => setup.withFiles?.includes(p) === true || disk.exists(p),
          readText: disk.readText,
        }
      : disk;
    const deps =
      tier === 4
        ? { files: files_, digests: digestsFor(facts, options, { files: files_ }) }
        : { files: files_ };
    const plan = planSetup(facts, options, deps);
    const files = renderPlan(plan);
    expect(renderPlan(planSetup(facts, options, deps))).toEqual(files);
    const dockerfile = files.find((f) => f.kind === 'dockerfile')!;
    expect(printDockerfile(dockerfileFromText(dockerfile.content))).toBe(dockerfile.content);

    const findings = await selfCheck(plan, files, { root: facts.root });
    expect(findings.map((d) => `${d.file}:${d.start.line} ${d.code}: ${d.message}`)).toEqual([]);
    const results = runChecklist(plan, files);
    expect(results.filter((c) => !c.ok)).toEqual([]);
    expect(results.map((c) => c.id)).toEqual(
      expect.arrayContaining(['build-test-production', 'read-only-root']),
    );

    const key = `${setup.fixture}${setup.variant ? `--${setup.variant}` : ''}`;
    expectTestStage(dockerfile.content, TEST_COMMAND[key]!);
    expect(plan.release?.stages.test?.command).toBe(TEST_COMMAND[key]);
    // installDist's start script needs a shell: Alpine; every other shape runs on distroless java.
    expect(plan.finalImage).toBe(setup.fixture === 'java-micronaut-gradle' ? 'alpine' : 'distroless');
    if (tier === 4) {
      expect(plan.release?.platforms).toEqual(['linux/amd64', 'linux/arm64']);
      expect(dockerfile.content).toMatch(/^FROM --platform=\$BUILDPLATFORM \S+ AS deps$/m);
    }
    if (SNAPSHOT.has(key) && !setup.finalImage) {
      await expect(dockerfile.content).toMatchFileSnapshot(`__snapshots__/${key}/tier${tier}/Dockerfile`);
    }
  });
});

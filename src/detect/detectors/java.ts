import { AppDraft, type Detector, type DetectorContext } from '../draft.js';
import { basename, dirname, type FsView, rel } from '../fs-view.js';
import { addService, serviceFromUrl, servicesFromDeps, servicesFromEnv } from '../knowledge.js';
import { applyScans, sourceFiles } from '../scan.js';
import { ancestors, DEFAULT_VERSIONS, toolVersion } from '../versions.js';

/**
 * Maven and Gradle. pom.xml is read by targeted extraction (no XML library): comments are removed and
 * only top-level elements that matter are taken, which is robust for the way poms are written.
 */

function stripXmlComments(xml: string): string {
  return xml.replace(/<!--[\s\S]*?-->/g, '');
}

/** Text of the first `<tag>` that is a direct child of the document element (depth-aware). */
function topLevel(xml: string, tag: string): string | undefined {
  const re = /<(\/?)([\w.:-]+)[^>]*?(\/?)>/g;
  let depth = 0;
  let start = -1;
  for (const m of xml.matchAll(re)) {
    const closing = m[1] === '/';
    const selfClosing = m[3] === '/' || m[0].startsWith('<?');
    const name = m[2]!;
    if (m[0].startsWith('<?') || m[0].startsWith('<!')) continue;
    if (!closing && !selfClosing) {
      depth++;
      if (depth === 2 && name === tag) start = m.index + m[0].length;
    } else if (closing) {
      if (depth === 2 && name === tag && start >= 0) return xml.slice(start, m.index).trim();
      depth--;
    }
  }
  return undefined;
}

function childText(xml: string, tag: string): string | undefined {
  return new RegExp(`<${tag}>\\s*([^<]*?)\\s*</${tag}>`).exec(xml)?.[1];
}

export interface Pom {
  groupId?: string;
  artifactId?: string;
  version?: string;
  packaging?: string;
  parent?: { groupId?: string; artifactId?: string; version?: string };
  properties: Record<string, string>;
  modules: string[];
  dependencies: { groupId: string; artifactId: string }[];
  plugins: string[];
  finalName?: string;
}

export function parsePom(text: string): Pom {
  const xml = stripXmlComments(text);
  const parentXml = topLevel(xml, 'parent');
  const propsXml = topLevel(xml, 'properties') ?? '';
  const properties: Record<string, string> = {};
  for (const m of propsXml.matchAll(/<([\w.-]+)>\s*([^<]*?)\s*<\/\1>/g)) properties[m[1]!] = m[2]!;
  const modules = [...(topLevel(xml, 'modules') ?? '').matchAll(/<module>\s*([^<]+?)\s*<\/module>/g)].map(
    (m) => m[1]!,
  );
  const depsXml = topLevel(xml, 'dependencies') ?? '';
  const mgmt = topLevel(xml, 'dependencyManagement') ?? '';
  const dependencies = [...(depsXml + mgmt).matchAll(/<dependency>([\s\S]*?)<\/dependency>/g)].map((m) => ({
    groupId: childText(m[1]!, 'groupId') ?? '',
    artifactId: childText(m[1]!, 'artifactId') ?? '',
  }));
  const buildXml = topLevel(xml, 'build') ?? '';
  const plugins = [...buildXml.matchAll(/<plugin>([\s\S]*?)<\/plugin>/g)].map(
    (m) =>
      `${childText(m[1]!, 'groupId') ?? 'org.apache.maven.plugins'}:${childText(m[1]!, 'artifactId') ?? ''}`,
  );
  const finalName = childText(buildXml, 'finalName');
  return {
    groupId: topLevel(xml, 'groupId'),
    artifactId: topLevel(xml, 'artifactId'),
    version: topLevel(xml, 'version'),
    packaging: topLevel(xml, 'packaging'),
    ...(parentXml
      ? {
          parent: {
            groupId: childText(parentXml, 'groupId'),
            artifactId: childText(parentXml, 'artifactId'),
            version: childText(parentXml, 'version'),
          },
        }
      : {}),
    properties,
    modules,
    dependencies,
    plugins,
    ...(finalName ? { finalName } : {}),
  };
}

function resolveProps(value: string | undefined, props: Record<string, string>): string | undefined {
  if (value === undefined) return undefined;
  return value.replace(/\$\{([\w.-]+)\}/g, (all, name: string) => props[name] ?? all);
}

function javaVersionFromProps(props: Record<string, string>): { v: string; key: string } | undefined {
  for (const key of [
    'maven.compiler.release',
    'java.version',
    'maven.compiler.target',
    'maven.compiler.source',
    'jdk.version',
    'release',
  ]) {
    const raw = props[key];
    const v = resolveProps(raw, props);
    if (v && /^(?:1\.)?\d+$/.test(v)) return { v: v.replace(/^1\.(?=[5-8]$)/, ''), key };
  }
  return undefined;
}

const SERVICE_DEPS_JAVA = (deps: { groupId: string; artifactId: string }[]) =>
  deps.map((d) => `${d.groupId}:${d.artifactId}`.toLowerCase());

function gradleText(view: FsView, dir: string): { file: string; text: string } | undefined {
  for (const n of ['build.gradle.kts', 'build.gradle']) {
    const file = rel(dir, n);
    const text = view.read(file);
    if (text !== undefined) return { file, text };
  }
  return undefined;
}

export function gradleIncludes(view: FsView, dir: string): string[] {
  for (const n of ['settings.gradle.kts', 'settings.gradle']) {
    const text = view.read(rel(dir, n));
    if (text === undefined) continue;
    const out: string[] = [];
    for (const m of text.matchAll(/^\s*include\s*\(?([^)\n]+)\)?/gm)) {
      for (const q of m[1]!.matchAll(/['"]:?([^'"]+)['"]/g)) out.push(q[1]!.replaceAll(':', '/'));
    }
    return out;
  }
  return [];
}

export function mavenModules(view: FsView, dir: string): string[] {
  const text = view.read(rel(dir, 'pom.xml'));
  return text ? parsePom(text).modules : [];
}

export const javaDetector: Detector = {
  id: 'java',
  detect(ctx: DetectorContext): AppDraft[] {
    const { view, dir } = ctx;
    const pomPath = rel(dir, 'pom.xml');
    const gradle = gradleText(view, dir);
    const hasGradlew = view.has(rel(dir, 'gradlew'));
    if (!view.has(pomPath) && !gradle && !hasGradlew) return [];
    const draft = new AppDraft(basename(dir === '.' ? view.root : dir), dir, 88);
    const wrapperIn = (name: string) =>
      ancestors(dir)
        .map((d) => rel(d, name))
        .find((p) => view.has(p)) ?? null;

    let framework: { name: string; version: string | null } | undefined;
    let version: { v: string; source: string; detail: string } | undefined;
    let deps: string[] = [];
    let jar = 'target/*.jar';
    if (view.has(pomPath)) {
      const pom = parsePom(view.read(pomPath) ?? '');
      if (pom.artifactId) draft.name = pom.artifactId;
      // Properties are inherited from the parent pom (a module's ../pom.xml in a multi-module build).
      const parentPath = pom.parent && dir !== '.' ? rel(dirname(dir), 'pom.xml') : undefined;
      const parentProps = parentPath ? parsePom(view.read(parentPath) ?? '').properties : {};
      const props = { ...parentProps, ...pom.properties };
      const jv = javaVersionFromProps(props);
      if (jv) {
        const source = jv.key in pom.properties || !parentPath ? pomPath : parentPath;
        version = {
          v: jv.v,
          source,
          detail: `<${jv.key}> in ${source === pomPath ? 'pom.xml' : 'the parent pom.xml'}`,
        };
      }
      deps = SERVICE_DEPS_JAVA(pom.dependencies);
      const wrapper = wrapperIn('mvnw');
      draft.packageManager = {
        name: 'maven',
        version: null,
        lockfile: null,
        wrapper,
        installCommand: `${wrapper ? './mvnw' : 'mvn'} -B dependency:go-offline`,
      };
      draft.because(
        'packageManager',
        'maven',
        pomPath,
        'high',
        wrapper ? `pom.xml, Maven wrapper ${wrapper}` : 'pom.xml (no Maven wrapper)',
      );
      const mvn = wrapper ? './mvnw' : 'mvn';
      const bootParent = pom.parent?.artifactId === 'spring-boot-starter-parent';
      const bootPlugin = pom.plugins.some((p) => p.endsWith(':spring-boot-maven-plugin'));
      const bootDep = deps.some((d) => d.startsWith('org.springframework.boot:'));
      const quarkus =
        deps.some((d) => d.startsWith('io.quarkus:')) ||
        pom.plugins.some((p) => p.includes('quarkus-maven-plugin'));
      const micronaut =
        pom.parent?.groupId?.startsWith('io.micronaut') || deps.some((d) => d.startsWith('io.micronaut'));
      if (bootParent || bootPlugin || bootDep)
        framework = { name: 'spring-boot', version: bootParent ? (pom.parent?.version ?? null) : null };
      else if (quarkus)
        framework = {
          name: 'quarkus',
          version: resolveProps(props['quarkus.platform.version'], props) ?? null,
        };
      else if (micronaut)
        framework = {
          name: 'micronaut',
          version: resolveProps(props['micronaut.version'], props) ?? pom.parent?.version ?? null,
        };
      const finalName = resolveProps(pom.finalName, {
        ...props,
        'project.artifactId': pom.artifactId ?? '',
        'project.version': pom.version ?? '',
      });
      const artifact =
        finalName ??
        (pom.artifactId && pom.version && !pom.version.includes('$')
          ? `${pom.artifactId}-${resolveProps(pom.version, props)}`
          : undefined);
      jar = quarkus
        ? 'target/quarkus-app/quarkus-run.jar'
        : artifact
          ? `target/${artifact}.jar`
          : 'target/*.jar';
      const inModule = ctx.workspaceRoot !== null && dir !== '.';
      draft.setBuild(
        inModule ? `${mvn} -B -DskipTests -pl ${dir} -am package` : `${mvn} -B -DskipTests package`,
        pomPath,
        'high',
        'Maven package',
      );
      if (pom.packaging === 'pom') draft.deployable = false;
      if (pom.packaging === 'war')
        draft.note(
          'warning',
          'packaging is war: it needs a servlet container (Tomcat/Jetty) image rather than java -jar.',
          pomPath,
        );
    } else {
      const text = gradle?.text ?? '';
      const file = gradle?.file ?? rel(dir, 'gradlew');
      const tc = /languageVersion(?:\.set\(|\s*=\s*)\s*JavaLanguageVersion\.of\(\s*(\d+)\s*\)/.exec(text);
      const compat =
        /(?:sourceCompatibility|targetCompatibility)\s*=\s*(?:JavaVersion\.VERSION_(?:1_)?(\d+)|['"]?(?:1\.)?(\d+)['"]?)/.exec(
          text,
        );
      const jvmToolchain = /jvmToolchain\(\s*(\d+)\s*\)/.exec(text);
      if (tc) version = { v: tc[1]!, source: file, detail: 'Gradle Java toolchain' };
      else if (jvmToolchain) version = { v: jvmToolchain[1]!, source: file, detail: 'Kotlin jvmToolchain' };
      else if (compat)
        version = { v: (compat[1] ?? compat[2])!, source: file, detail: 'sourceCompatibility' };
      const wrapper = wrapperIn('gradlew');
      const wrapperProps = ancestors(dir)
        .map((d) => rel(d, 'gradle/wrapper/gradle-wrapper.properties'))
        .find((p) => view.has(p));
      const gv = wrapperProps
        ? /gradle-(\d+(?:\.\d+){0,2})-(?:bin|all)\.zip/.exec(view.read(wrapperProps) ?? '')?.[1]
        : undefined;
      draft.packageManager = {
        name: 'gradle',
        version: gv ?? null,
        lockfile: view.has(rel(dir, 'gradle.lockfile')) ? rel(dir, 'gradle.lockfile') : null,
        wrapper,
        installCommand: `${wrapper ? './gradlew' : 'gradle'} --no-daemon dependencies`,
      };
      draft.because(
        'packageManager',
        'gradle',
        file,
        'high',
        wrapper ? `Gradle wrapper ${wrapper}${gv ? ` (Gradle ${gv})` : ''}` : 'build.gradle (no wrapper)',
      );
      const g = wrapper ? './gradlew' : 'gradle';
      deps = [...text.matchAll(/['"]([\w.-]+):([\w.-]+)(?::[^'"]*)?['"]/g)].map((m) =>
        `${m[1]}:${m[2]}`.toLowerCase(),
      );
      const boot = /org\.springframework\.boot/.test(text);
      const quarkus = /io\.quarkus/.test(text);
      const micronaut = /io\.micronaut\.(?:application|minimal)/.test(text);
      if (boot)
        framework = {
          name: 'spring-boot',
          version:
            /id\s*\(?\s*['"]org\.springframework\.boot['"]\s*\)?\s*version\s*['"]([^'"]+)['"]/.exec(
              text,
            )?.[1] ?? null,
        };
      else if (quarkus) framework = { name: 'quarkus', version: null };
      else if (micronaut) framework = { name: 'micronaut', version: null };
      const inModule = ctx.workspaceRoot !== null && dir !== '.';
      const task = boot ? 'bootJar' : quarkus ? 'quarkusBuild' : 'build';
      draft.setBuild(
        inModule
          ? `${g} --no-daemon :${dir.replaceAll('/', ':')}:${task} -x test`
          : `${g} --no-daemon ${task} -x test`,
        file,
        'high',
        `Gradle ${task}`,
      );
      jar = quarkus ? 'build/quarkus-app/quarkus-run.jar' : 'build/libs/*.jar';
      if (/\bkotlin\(|org\.jetbrains\.kotlin/.test(text))
        draft.because('language', 'kotlin (JVM)', file, 'high', 'Kotlin Gradle plugin');
    }
    const tool = version ? undefined : toolVersion(view, dir, ['java']);
    if (tool)
      version = {
        v: tool.version.replace(/^[a-z-]+-/, '').split('.')[0]!,
        source: tool.source,
        detail: basename(tool.source),
      };
    draft.language = version
      ? { name: 'java', version: version.v, versionSource: version.source, versionIsDefault: false }
      : { name: 'java', version: DEFAULT_VERSIONS.java, versionSource: null, versionIsDefault: true };
    draft.because(
      'language.version',
      draft.language.version,
      version?.source ?? null,
      version ? 'high' : 'low',
      version?.detail ?? 'no Java version in the build: current LTS',
    );
    draft.because(
      'language',
      'java',
      view.has(pomPath) ? pomPath : (gradle?.file ?? rel(dir, 'gradlew')),
      'high',
      view.has(pomPath) ? 'pom.xml' : 'Gradle build',
    );

    if (framework) {
      draft.setFramework(
        { ...framework, features: [] },
        view.has(pomPath) ? pomPath : (gradle?.file ?? ''),
        framework.name,
      );
      draft.setKind('server', null, 'high', framework.name);
    }
    const serverDeps = deps.some((d) =>
      /spring-boot-starter-web|spring-boot-starter-webflux|javalin|io\.ktor|sparkjava|dropwizard|vertx-web|helidon/.test(
        d,
      ),
    );
    if (!framework && serverDeps)
      draft.setKind('server', view.has(pomPath) ? pomPath : (gradle?.file ?? null), 'medium', 'web library');
    const webStarter = deps.some((d) => /spring-boot-starter-web/.test(d));
    if (framework?.name === 'spring-boot' && !webStarter && deps.length > 0) {
      draft.setKind('worker', null, 'medium', 'Spring Boot without a web starter');
    }
    draft.setStart(
      `java -jar ${jar}`,
      view.has(pomPath) ? pomPath : (gradle?.file ?? null),
      jar.includes('*') ? 'medium' : 'high',
      'the packaged jar',
    );
    draft.outputDir = jar.slice(0, jar.lastIndexOf('/'));
    // Port and health from Spring/Quarkus/Micronaut config.
    const configFiles = [
      'src/main/resources/application.properties',
      'src/main/resources/application.yml',
      'src/main/resources/application.yaml',
    ]
      .map((n) => rel(dir, n))
      .filter((p) => view.has(p));
    for (const cf of configFiles) {
      const text = view.read(cf) ?? '';
      const port =
        /^\s*(?:server\.port|quarkus\.http\.port|micronaut\.server\.port)\s*[=:]\s*(?:\$\{PORT:)?(\d{2,5})/m.exec(
          text,
        )?.[1] ?? /^server:\s*\n(?:[ \t]+.*\n)*?[ \t]+port:\s*(?:\$\{PORT:)?(\d{2,5})/m.exec(text)?.[1];
      if (port && draft.port === null)
        draft.setPort(Number(port), cf, 'high', 'server port in application config');
      const url = /(?:spring\.datasource\.url|url)\s*[=:]\s*jdbc:(\w+):/.exec(text)?.[1];
      const svc = url ? serviceFromUrl(`${url}://`) : undefined;
      if (svc) addService(draft, svc, `JDBC URL jdbc:${url}`, cf);
    }
    const files = sourceFiles(ctx, ['java']).filter((f) => !f.includes('/src/test/'));
    const scan = applyScans(draft, ctx, ['java'], { files });
    if (deps.some((d) => d.includes('spring-boot-starter-actuator'))) {
      draft.healthPath = '/actuator/health';
      draft.because(
        'healthPath',
        '/actuator/health',
        view.has(pomPath) ? pomPath : (gradle?.file ?? null),
        'high',
        'Spring Boot Actuator',
      );
    } else if (deps.some((d) => d.includes('quarkus-smallrye-health'))) {
      draft.healthPath = '/q/health';
      draft.because(
        'healthPath',
        '/q/health',
        view.has(pomPath) ? pomPath : (gradle?.file ?? null),
        'high',
        'SmallRye Health',
      );
    } else if (framework?.name === 'micronaut' && deps.some((d) => d.includes('micronaut-management'))) {
      draft.healthPath = '/health';
      draft.because(
        'healthPath',
        '/health',
        view.has(pomPath) ? pomPath : (gradle?.file ?? null),
        'high',
        'Micronaut management',
      );
    }
    if (draft.kind === undefined)
      draft.setKind(
        draft.port !== null ? 'server' : 'cli',
        null,
        'low',
        draft.port !== null ? 'listens on a port' : 'no server framework found',
      );
    if (draft.kind === 'server' && draft.port === null)
      draft.setDefaultPort(8080, `${framework?.name ?? 'JVM server'} default port`);
    servicesFromDeps(draft, deps, view.has(pomPath) ? pomPath : (gradle?.file ?? ''));
    servicesFromEnv(draft, scan.env.exampleValues, scan.env.exampleFile);
    if (ctx.workspaceRoot !== null && !framework && !serverDeps) draft.deployable = false;
    return [draft];
  },
};

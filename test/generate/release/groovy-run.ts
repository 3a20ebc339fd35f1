import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Runs Debian's `groovy` (apt package `groovy`, Groovy 2.4) for the Jenkinsfile tests. Debian's launcher wants
 * JAVA_HOME at /usr/lib/jvm/default-java; when that is missing, the JDK of the `java` on PATH is used.
 */

function javaHome(): string | undefined {
  if (process.env.JAVA_HOME && existsSync(join(process.env.JAVA_HOME, 'bin/java')))
    return process.env.JAVA_HOME;
  if (existsSync('/usr/lib/jvm/default-java/bin/java')) return '/usr/lib/jvm/default-java';
  const which = spawnSync('sh', ['-c', 'command -v java'], { encoding: 'utf8' });
  const java = which.stdout.trim();
  return java ? dirname(dirname(realpathSync(java))) : undefined;
}

/** `null` when groovy runs, else why not (for a loud skip). */
export function groovyUnavailable(): string | null {
  const home = javaHome();
  if (!home) return 'no Java runtime (java) found';
  const r = spawnSync('groovy', ['--version'], {
    encoding: 'utf8',
    env: { ...process.env, JAVA_HOME: home },
  });
  if (r.error) return `groovy not installed (${r.error.message}); apt-get install groovy`;
  if (r.status !== 0) return `groovy --version failed: ${r.stderr || r.stdout}`;
  return null;
}

export function groovyVersion(): string {
  const home = javaHome();
  const r = spawnSync('groovy', ['--version'], {
    encoding: 'utf8',
    env: { ...process.env, JAVA_HOME: home },
  });
  return r.stdout.trim();
}

/** Runs a Groovy script (one JVM) with arguments; returns its exit status and output. */
export function runGroovy(
  script: string,
  args: readonly string[] = [],
): { status: number; stdout: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dockwright-groovy-'));
  const file = join(dir, 'run.groovy');
  writeFileSync(file, script);
  const r = spawnSync('groovy', [file, ...args], {
    encoding: 'utf8',
    env: { ...process.env, JAVA_HOME: javaHome() },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Compiles each file with `GroovyShell.parse` (syntax and class generation, nothing runs) in one JVM.
 * Returns the failures as `path: message`.
 */
export function compileGroovyFiles(paths: readonly string[]): string[] {
  const script = [
    'import org.codehaus.groovy.control.CompilationFailedException',
    'def failures = 0',
    'def shell = new GroovyShell()',
    'args.eachWithIndex { path, i ->',
    '  try { shell.parse(new File(path).getText("UTF-8"), "Jenkinsfile" + i) }',
    '  catch (CompilationFailedException e) { failures++; println("FAIL " + path + ": " + e.message.replaceAll("\\n", " ")) }',
    '}',
    'println("COMPILED " + args.length)',
  ].join('\n');
  const r = runGroovy(script, paths);
  if (!r.stdout.includes(`COMPILED ${paths.length}`)) throw new Error(`groovy did not finish: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l.startsWith('FAIL '));
}

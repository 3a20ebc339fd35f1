// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Compose variables are written as ${NAME}
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../../helpers/cli.js';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dw-compose-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('dockwright compose config', () => {
  it('prints the merged, normalised model as YAML', async () => {
    const cwd = project({
      'compose.yaml':
        'name: shop\nservices:\n  web:\n    image: nginx:${TAG:-1.27}\n    ports: ["8080:80"]\n    profiles: [web]\n  db:\n    image: postgres:16\n',
      'prod.yaml': 'services:\n  db:\n    restart: always\n',
    });
    const r = await runCli(
      ['compose', 'config', '-f', 'compose.yaml', '-f', 'prod.yaml', '--profile', 'web'],
      { cwd },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`name: shop
services:
  db:
    image: postgres:16
    networks:
      default: null
    restart: always
  web:
    image: nginx:1.27
    networks:
      default: null
    ports:
      - mode: ingress
        protocol: tcp
        published: "8080"
        target: 80
    profiles:
      - web
networks:
  default:
    name: shop_default
`);
    // The output is itself a valid compose file that loads to the same model.
    const again = project({ 'compose.yaml': r.stdout });
    const r2 = await runCli(['compose', 'config', '--profile', 'web'], { cwd: again });
    expect(r2.code).toBe(0);
    expect(parse(r2.stdout)).toEqual(parse(r.stdout));
  });

  it('leaves out services of inactive profiles and supports --format json and --env-file', async () => {
    const cwd = project({
      'compose.yaml':
        'services:\n  web:\n    image: app:${TAG}\n  debug:\n    image: busybox\n    profiles: [debug]\n',
      'ci.env': 'TAG=ci\n',
    });
    const r = await runCli(['compose', 'config', '--env-file', 'ci.env', '--format', 'json'], { cwd });
    expect(r.code).toBe(0);
    const model = JSON.parse(r.stdout);
    expect(Object.keys(model.services)).toEqual(['web']);
    expect(model.services.web.image).toBe('app:ci');
  });

  it('prints warnings with file:line:col and still succeeds', async () => {
    const cwd = project({ 'compose.yaml': 'version: "3.8"\nservices:\n  web:\n    image: app:$TAG\n' });
    const r = await runCli(['compose', 'config'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `${join(cwd, 'compose.yaml')}:1:1: warning: the attribute \`version\` is obsolete`,
    );
    expect(r.stderr).toContain(`${join(cwd, 'compose.yaml')}:4:16: warning: The "TAG" variable is not set.`);
  });

  it('exits 2 and lists every error with file:line:col on invalid input', async () => {
    const cwd = project({
      'compose.yaml': 'services:\n  web:\n    imagee: nginx\n    depends_on: [db]\n    ports: ["99999:80"]\n',
    });
    const r = await runCli(['compose', 'config'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const file = join(cwd, 'compose.yaml');
    expect(r.stderr).toContain(`${file}:3:5: error: unknown property in services.web "imagee"`);
    expect(r.stderr).toContain('hint: Did you mean "image"?');
    expect(r.stderr).toContain(`${file}:4:18: error: service "web" depends on undefined service "db"`);
    expect(r.stderr).toContain(`${file}:5:13: error: invalid port "99999:80"`);
    expect(r.stderr).toContain(
      `${file}:2:3: error: service "web" has neither an image nor a build context specified`,
    );
    expect(r.stderr).toMatch(/4 errors: the project is not valid Compose/);
  });

  it('exits 2 on a YAML syntax error, with a code frame', async () => {
    const cwd = project({ 'compose.yaml': 'services:\n  web:\n    image: [nginx\n' });
    const r = await runCli(['compose', 'config'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(`${join(cwd, 'compose.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: error: `),
    );
  });

  it('exits 2 when the file is missing or the subcommand is wrong', async () => {
    const cwd = project({});
    const missing = await runCli(['compose', 'config', '-f', 'nope.yaml'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${join(cwd, 'nope.yaml')}: error: compose file not found`);
    const none = await runCli(['compose', 'config'], { cwd });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no compose file found');
    const bad = await runCli(['compose', 'up'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown subcommand 'up'");
  });
});

import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeMessage, type Message } from '../../src/lsp/jsonrpc.js';
import { LineIndex } from '../../src/lsp/text.js';
import { applyEdits, inProcess, type LspTextEdit, type TestClient } from './client.js';

interface PublishedDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: number;
  code: string;
  codeDescription?: { href: string };
  source: string;
  message: string;
}

interface Action {
  title: string;
  kind: string;
  isPreferred?: boolean;
  diagnostics?: PublishedDiagnostic[];
  edit: { changes: Record<string, LspTextEdit[]> };
}

function diagnosticsOf(m: Message): PublishedDiagnostic[] {
  return (m.params as { diagnostics: PublishedDiagnostic[] }).diagnostics;
}

let dir: string;
let session: ReturnType<typeof inProcess>;
let client: TestClient;

async function start(debounceMs = 30): Promise<Message> {
  session = inProcess({ debounceMs });
  client = session.client;
  const init = await client.request('initialize', {
    processId: null,
    rootUri: pathToFileURL(dir).href,
    capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
  });
  client.notify('initialized', {});
  return init;
}

function open(name: string, text: string, languageId = 'dockerfile', save = true): string {
  const path = join(dir, name);
  if (save) writeFileSync(path, text);
  const uri = pathToFileURL(path).href;
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  return uri;
}

async function stop(): Promise<number> {
  const response = await client.request('shutdown', null);
  expect(response.error).toBeUndefined();
  client.notify('exit', null);
  return session.exit;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dockwright-lsp-test-'));
  // A config at the root stops findConfig from picking up one above the temp folder.
  writeFileSync(join(dir, '.dockwright.yaml'), 'profile: production\n');
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('dockwright lsp (in-process, scripted client)', () => {
  it('initializes without advertising formatting, and exits 0 after shutdown', async () => {
    const init = await start();
    const result = init.result as { capabilities: Record<string, unknown>; serverInfo: { name: string } };
    expect(result.serverInfo.name).toBe('dockwright');
    expect(result.capabilities).toMatchObject({
      positionEncoding: 'utf-16',
      textDocumentSync: { openClose: true, change: 2 },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix', 'source.fixAll.dockwright'] },
    });
    expect(result.capabilities).not.toHaveProperty('documentFormattingProvider');
    // The config watcher is registered with a client that supports dynamic registration.
    const registration = await client.waitFor((m) => m.method === 'client/registerCapability');
    expect(registration.params).toMatchObject({
      registrations: [{ method: 'workspace/didChangeWatchedFiles' }],
    });
    client.send(encodeMessage({ jsonrpc: '2.0', id: registration.id!, result: null }));
    expect(await stop()).toBe(0);
  });

  it('exits 1 on exit without shutdown', async () => {
    await start();
    client.notify('exit', null);
    expect(await session.exit).toBe(1);
  });

  it('rejects requests before initialize and answers unknown methods and bad JSON with errors', async () => {
    session = inProcess();
    client = session.client;
    const early = await client.request('textDocument/hover', {});
    expect(early.error?.code).toBe(-32002);
    await client.request('initialize', { capabilities: {} });
    const unknown = await client.request('dockwright/nothing', {});
    expect(unknown.error?.code).toBe(-32601);
    client.send('Content-Length: 5\r\n\r\n{bad}');
    const parse = await client.waitFor((m) => m.error?.code === -32700);
    expect(parse.id).toBeNull();
    // Still alive.
    expect((await client.request('shutdown', null)).result).toBeNull();
    client.notify('exit', null);
    expect(await session.exit).toBe(0);
  });

  it('publishes Dockerfile diagnostics with 0-based, UTF-16 ranges, severities, codes and doc links', async () => {
    await start();
    const text = 'FROM debian:12\r\nLABEL note="café 😀"\r\nRUN echo "😀" && apt-get install curl\r\n';
    const uri = open('Dockerfile', text);
    const published = await client.diagnostics(uri, 0);
    expect((published.params as { version: number }).version).toBe(1);
    const diagnostics = diagnosticsOf(published);
    const assumeYes = diagnostics.find((d) => d.code === 'apt-get-assume-yes')!;
    expect(assumeYes).toBeDefined();
    // `apt-get install` starts after `RUN echo "😀" && ` : the emoji is two UTF-16 code units.
    const lineText = 'RUN echo "😀" && apt-get install curl';
    const character = lineText.indexOf('apt-get install');
    expect(character).toBe(17);
    expect(assumeYes.range.start).toEqual({ line: 2, character });
    expect(assumeYes.range.end).toEqual({ line: 2, character: character + 'apt-get install'.length });
    expect(assumeYes.severity).toBe(2);
    expect(assumeYes.source).toBe('dockwright');
    expect(assumeYes.codeDescription?.href).toMatch(/docs\/rules\/apt-get-assume-yes\.md$/);
    const missingLabels = diagnostics.find((d) => d.code === 'missing-oci-labels');
    expect(missingLabels?.severity).toBe(3);
    expect(await stop()).toBe(0);
  });

  it('re-lints after didChange, debounced: one publish for a burst of incremental edits', async () => {
    await start(80);
    const uri = open('Dockerfile', 'FROM debian:12\nMAINTAINER me\n');
    const first = diagnosticsOf(await client.diagnostics(uri, 0));
    expect(first.map((d) => d.code)).toContain('no-maintainer');
    const since = client.messages.length;
    // Delete line 2 in three keystrokes, then type a new instruction (incremental sync).
    const change = (version: number, range: LspTextEdit['range'], text: string) =>
      client.notify('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range, text }],
      });
    change(2, { start: { line: 1, character: 0 }, end: { line: 1, character: 10 } }, '');
    change(3, { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, '');
    change(4, { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, 'ADD app.py /app/\n');
    const next = await client.diagnostics(uri, since);
    expect((next.params as { version: number }).version).toBe(4);
    const codes = diagnosticsOf(next).map((d) => d.code);
    expect(codes).not.toContain('no-maintainer');
    expect(codes).toContain('prefer-copy');
    const preferCopy = diagnosticsOf(next).find((d) => d.code === 'prefer-copy')!;
    expect(preferCopy.range.start.line).toBe(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(client.published(uri).length).toBe(2);
    expect(await stop()).toBe(0);
  });

  it('offers quick fixes (safe preferred, unsafe labelled), an ignore comment and fix-all, whose edits work', async () => {
    await start();
    const text =
      'FROM debian:12\nMAINTAINER me\nADD app.py /app/\nRUN apt-get install -y --no-install-recommends curl\n';
    const uri = open('Dockerfile', text);
    const diagnostics = diagnosticsOf(await client.diagnostics(uri, 0));
    const maintainer = diagnostics.find((d) => d.code === 'no-maintainer')!;
    const response = await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: maintainer.range,
      context: { diagnostics: [maintainer] },
    });
    const actions = response.result as Action[];
    const fix = actions.find((a) => a.isPreferred && a.diagnostics?.[0]?.code === 'no-maintainer')!;
    expect(fix.kind).toBe('quickfix');
    const fixed = applyEdits(text, fix.edit.changes[uri]!);
    expect(fixed).not.toContain('MAINTAINER');

    const ignore = actions.find((a) => a.title === 'Ignore no-maintainer for this line')!;
    const ignored = applyEdits(text, ignore.edit.changes[uri]!);
    expect(ignored).toContain('FROM debian:12\n# dockwright ignore=no-maintainer -- \nMAINTAINER me\n');

    const all = actions.find((a) => a.title === 'Fix all safe problems in file')!;
    const allFixed = applyEdits(text, all.edit.changes[uri]!);
    expect(allFixed).not.toContain('MAINTAINER');
    expect(allFixed).toContain('COPY app.py /app/');

    // The edited texts really lose the findings: feed them back and look.
    for (const [version, next, gone] of [
      [2, ignored, 'no-maintainer'],
      [3, allFixed, 'prefer-copy'],
    ] as const) {
      const since = client.messages.length;
      client.notify('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ text: next }],
      });
      const after = diagnosticsOf(await client.diagnostics(uri, since));
      expect(after.map((d) => d.code)).not.toContain(gone);
    }

    // An unsafe fix is labelled and not preferred.
    const since = client.messages.length;
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: 4 },
      contentChanges: [{ text: 'FROM debian:12\nRUN apt-get install --no-install-recommends curl\n' }],
    });
    const unsafe = diagnosticsOf(await client.diagnostics(uri, since)).find(
      (d) => d.code === 'apt-get-assume-yes',
    )!;
    const unsafeActions = (
      await client.request('textDocument/codeAction', {
        textDocument: { uri },
        range: unsafe.range,
        context: { diagnostics: [unsafe] },
      })
    ).result as Action[];
    const unsafeFix = unsafeActions.find((a) => a.title.includes('unsafe'))!;
    expect(unsafeFix.isPreferred).toBe(false);
    expect(
      applyEdits(
        'FROM debian:12\nRUN apt-get install --no-install-recommends curl\n',
        unsafeFix.edit.changes[uri]!,
      ),
    ).toMatch(/apt-get install (?:-y|--yes)/);

    // `only: ['source.fixAll']` returns just the fix-all source action.
    const source = (
      await client.request('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll'] },
      })
    ).result as Action[];
    expect(source.every((a) => a.kind === 'source.fixAll.dockwright')).toBe(true);
    expect(await stop()).toBe(0);
  });

  it('hovers a finding with the rule page, without the generated-header markers', async () => {
    await start();
    const uri = open('Dockerfile', 'FROM debian:12\nMAINTAINER me\n');
    const maintainer = diagnosticsOf(await client.diagnostics(uri, 0)).find(
      (d) => d.code === 'no-maintainer',
    )!;
    const hover = await client.request('textDocument/hover', {
      textDocument: { uri },
      position: { line: 1, character: 2 },
    });
    const result = hover.result as { contents: { kind: string; value: string }; range: unknown };
    expect(result.contents.kind).toBe('markdown');
    expect(result.contents.value).toContain('# no-maintainer');
    expect(result.contents.value).toContain('MAINTAINER is deprecated');
    expect(result.contents.value).not.toContain('<!--');
    expect(result.range).toEqual(maintainer.range);
    const nothing = await client.request('textDocument/hover', {
      textDocument: { uri },
      position: { line: 0, character: 100 },
    });
    expect(nothing.error).toBeUndefined();
    expect(await stop()).toBe(0);
  });

  it('re-reads the config when .dockwright.yaml changes (workspace/didChangeWatchedFiles)', async () => {
    await start();
    const uri = open('Dockerfile', 'FROM debian:12\nMAINTAINER me\n');
    expect(diagnosticsOf(await client.diagnostics(uri, 0)).map((d) => d.code)).toContain('no-maintainer');
    writeFileSync(join(dir, '.dockwright.yaml'), 'rules:\n  no-maintainer: off\n');
    const since = client.messages.length;
    client.notify('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(join(dir, '.dockwright.yaml')).href, type: 2 }],
    });
    const after = diagnosticsOf(await client.diagnostics(uri, since));
    expect(after.map((d) => d.code)).not.toContain('no-maintainer');
    // A broken config is logged, not fatal: the defaults apply.
    writeFileSync(join(dir, '.dockwright.yaml'), 'rules: [\n');
    const since2 = client.messages.length;
    client.notify('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(join(dir, '.dockwright.yaml')).href, type: 2 }],
    });
    expect(diagnosticsOf(await client.diagnostics(uri, since2)).map((d) => d.code)).toContain(
      'no-maintainer',
    );
    const logged = client.messages.find(
      (m) => m.method === 'window/logMessage' && (m.params as { type: number }).type === 1,
    );
    expect((logged!.params as { message: string }).message).toMatch(/config/);
    expect(await stop()).toBe(0);
  });

  it('lints compose files: the saved file, and an unsaved buffer through a temporary copy', async () => {
    await start();
    const saved = 'version: "3.8"\nservices:\n  web:\n    image: nginx:1.27\n';
    const uri = open('compose.yaml', saved, 'dockercompose');
    const first = diagnosticsOf(await client.diagnostics(uri, 0));
    const version = first.find((d) => d.code === 'no-version-field')!;
    expect(version).toBeDefined();
    expect(version.range.start.line).toBe(0);
    expect(version.codeDescription?.href).toMatch(/docs\/rules\/compose\/no-version-field\.md$/);

    // Unsaved edit: privileged added in the buffer only. Temporary copies go to a folder this test owns.
    const temp = join(dir, 'tmp');
    mkdirSync(temp);
    const previousTmp = process.env.TMPDIR;
    process.env.TMPDIR = temp;
    const buffer = `${saved}    privileged: true\n`;
    const since = client.messages.length;
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [
        {
          range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } },
          text: '    privileged: true\n',
        },
      ],
    });
    const after = diagnosticsOf(await client.diagnostics(uri, since));
    const privileged = after.find((d) => d.code === 'privileged')!;
    expect(privileged).toBeDefined();
    expect(privileged.range.start.line).toBe(4);
    expect(new LineIndex(buffer).offsetAt(privileged.range.start)).toBeGreaterThan(saved.length - 1);

    // Quick fix and hover work on compose findings too.
    const actions = (
      await client.request('textDocument/codeAction', {
        textDocument: { uri },
        range: version.range,
        context: { diagnostics: [version] },
      })
    ).result as Action[];
    const fix = actions.find((a) => a.isPreferred)!;
    expect(applyEdits(buffer, fix.edit.changes[uri]!)).not.toContain('version:');
    const ignore = actions.find((a) => a.title === 'Ignore no-version-field for this line')!;
    expect(applyEdits(buffer, ignore.edit.changes[uri]!)).toMatch(
      /^# dockwright ignore=no-version-field\nversion/,
    );
    const hover = await client.request('textDocument/hover', {
      textDocument: { uri },
      position: privileged.range.start,
    });
    expect((hover.result as { contents: { value: string } }).contents.value).toContain('# privileged');

    // The temporary copies are gone.
    if (previousTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmp;
    expect(readdirSync(temp)).toEqual([]);
    expect(await stop()).toBe(0);
  });

  it('clears diagnostics on didClose and answers null for documents it does not hold', async () => {
    await start();
    const uri = open('Dockerfile', 'FROM debian:12\nMAINTAINER me\n');
    await client.diagnostics(uri, 0);
    const since = client.messages.length;
    client.notify('textDocument/didClose', { textDocument: { uri } });
    expect(diagnosticsOf(await client.diagnostics(uri, since))).toEqual([]);
    const gone = await client.request('textDocument/hover', {
      textDocument: { uri },
      position: { line: 0, character: 0 },
    });
    expect(gone.error).toBeUndefined();
    expect(gone.result).toBeNull();
    expect(await stop()).toBe(0);
  });
});

describe('dockwright lsp (real process)', () => {
  const repoRoot = join(import.meta.dirname, '..', '..');
  const built = existsSync(join(repoRoot, 'dist/lsp/server.js'));
  it.skipIf(!built)('serves diagnostics over stdio and exits 0 after shutdown/exit', async () => {
    const { spawn } = await import('node:child_process');
    const started = performance.now();
    const child = spawn(process.execPath, [join(repoRoot, 'bin/dockwright.js'), 'lsp', '--stdio'], {
      cwd: dir,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const { TestClient } = await import('./client.js');
    const proc = new TestClient((text) => child.stdin.write(text));
    child.stdout.on('data', (chunk: Buffer) => proc.receive(chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const init = await proc.request('initialize', { processId: process.pid, capabilities: {} });
    expect((init.result as { serverInfo: { name: string } }).serverInfo.name).toBe('dockwright');
    proc.notify('initialized', {});
    const path = join(dir, 'Dockerfile');
    writeFileSync(path, 'FROM debian:12\nMAINTAINER me\n');
    const uri = pathToFileURL(path).href;
    proc.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'dockerfile', version: 1, text: 'FROM debian:12\nMAINTAINER me\n' },
    });
    const published = await proc.diagnostics(uri, 0);
    const firstDiagnosticsMs = performance.now() - started;
    expect(diagnosticsOf(published).map((d) => d.code)).toContain('no-maintainer');
    expect((await proc.request('shutdown', null)).result).toBeNull();
    proc.notify('exit', null);
    expect(await exited).toBe(0);
    // Cold start to first diagnostics, for the closing note (generous bound: CI machines vary).
    expect(firstDiagnosticsMs).toBeLessThan(10_000);
  });
});

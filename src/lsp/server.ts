import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ignore from 'ignore';
import type { Diagnostic, Fix, Severity, TextEdit } from '../core/diagnostic.js';
import { loadBuildContext } from '../lint/build-context.js';
import { classifyFile, type LintFileKind } from '../lint/discover.js';
import type { AnyComposeRule } from '../lint/engine/compose.js';
import { DEFAULT_CONFIG, findConfig, type LintConfig, resolveRules } from '../lint/engine/config.js';
import { applyFixes } from '../lint/engine/fixer.js';
import { fixDockerfile, type LintOptions, lintDockerfile } from '../lint/engine/linter.js';
import type { AnyDockerfileRule } from '../lint/engine/rule.js';
import { dockerfileRules } from '../lint/rules/dockerfile/index.js';
import { parseDockerignore } from '../parse/dockerignore/index.js';
import { loadRuleDoc, ruleDocUrl } from './docs.js';
import { Connection, ErrorCodes, MessageReader, RpcError } from './jsonrpc.js';
import {
  applyContentChanges,
  type ContentChange,
  LineIndex,
  type LspPosition,
  type LspRange,
} from './text.js';

export interface ServerOptions {
  readonly input: AsyncIterable<Uint8Array | string>;
  readonly output: { write(chunk: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Quiet time after the last keystroke before a re-lint (default 200 ms; `initializationOptions.debounceMs` wins). */
  readonly debounceMs?: number;
  readonly version?: string;
}

/** LSP's DiagnosticSeverity: Error 1, Warning 2, Information 3, Hint 4. */
export const SEVERITY: Record<Severity, 1 | 2 | 3 | 4> = { error: 1, warning: 2, info: 3, style: 4 };

const MessageType = { Error: 1, Warning: 2, Info: 3, Log: 4 } as const;

const CONFIG_FILES = /(?:^|[\\/])\.(?:dockwright|hadolint)\.ya?ml$/;

interface LspDiagnostic {
  range: LspRange;
  severity: 1 | 2 | 3 | 4;
  code: string;
  codeDescription?: { href: string };
  source: 'dockwright';
  message: string;
}

interface CodeAction {
  title: string;
  kind: string;
  diagnostics?: LspDiagnostic[];
  isPreferred?: boolean;
  edit: { changes: Record<string, { range: LspRange; newText: string }[]> };
}

interface Document {
  readonly uri: string;
  /** The file path for `file:` URIs; undefined for `untitled:` and other schemes. */
  readonly path: string | undefined;
  readonly kind: LintFileKind;
  version: number;
  text: string;
  timer?: ReturnType<typeof setTimeout>;
  /** The findings for `linted` (the text they were computed from). */
  diagnostics: readonly Diagnostic[];
  linted?: string;
  /** Options the last Dockerfile lint used, for "fix all". */
  lintOptions?: LintOptions;
  /** A lint in flight for this text. */
  running?: Promise<void>;
}

type RuleInfo = { rule: AnyDockerfileRule | AnyComposeRule; language: 'dockerfile' | 'compose' };

function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

function kindOf(path: string | undefined, languageId: string | undefined): LintFileKind | undefined {
  const byName = path ? classifyFile(basename(path)) : undefined;
  if (byName) return byName;
  if (languageId === 'dockerfile' || languageId === 'containerfile') return 'dockerfile';
  if (languageId === 'dockercompose') return 'compose';
  if (languageId === 'ignore' && path && /\.(?:docker|container)ignore$/.test(path)) return 'dockerignore';
  return undefined;
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/**
 * A language server for Dockerfiles, compose files and .dockerignore files over a byte stream pair.
 * Resolves with the process exit code once the client sends `exit` (0 after `shutdown`, else 1) or closes the input.
 */
export async function runServer(options: ServerOptions): Promise<number> {
  const documents = new Map<string, Document>();
  const configs = new Map<string, Promise<LintConfig>>();
  const rulesByName = new Map<string, RuleInfo>(
    dockerfileRules.map((rule) => [rule.name, { rule, language: 'dockerfile' as const }]),
  );
  let composeRules: readonly AnyComposeRule[] | undefined;
  let debounceMs = options.debounceMs ?? 200;
  let initialized = false;
  let shutdown = false;
  let exitCode: number | undefined;

  const connection = new Connection(
    (text) => void options.output.write(text),
    (message) => log(MessageType.Error, message),
  );
  function log(type: number, message: string): void {
    try {
      connection.notify('window/logMessage', { type, message: `dockwright: ${message}` });
    } catch {
      // The output is gone; nothing left to tell.
    }
  }
  connection.guard = (method) => {
    if (!initialized && method !== 'initialize')
      throw new RpcError(ErrorCodes.ServerNotInitialized, 'the server is not initialized');
    if (shutdown) throw new RpcError(ErrorCodes.InvalidRequest, 'the server is shutting down');
  };

  // ---- configuration ---------------------------------------------------------------------------

  function configFor(dir: string): Promise<LintConfig> {
    let config = configs.get(dir);
    if (!config) {
      config = findConfig(dir).catch((error: unknown) => {
        log(
          MessageType.Error,
          `config for ${dir}: ${error instanceof Error ? error.message : String(error)}; using the defaults`,
        );
        return DEFAULT_CONFIG;
      });
      configs.set(dir, config);
    }
    return config;
  }

  function invalidateConfigs(): void {
    configs.clear();
    for (const doc of documents.values()) schedule(doc, 0);
  }

  function ignoredByConfig(config: LintConfig, path: string): boolean {
    if (!config.path || config.ignorePaths.length === 0) return false;
    const rel = relative(dirname(config.path), path);
    return (
      !rel.startsWith('..') &&
      ignore()
        .add([...config.ignorePaths])
        .ignores(rel)
    );
  }

  // ---- linting ---------------------------------------------------------------------------------

  async function lintDockerfileDoc(doc: Document, text: string): Promise<readonly Diagnostic[]> {
    const dir = doc.path ? dirname(doc.path) : options.cwd;
    const config = await configFor(dir);
    if (doc.path && ignoredByConfig(config, doc.path)) return [];
    const profile = config.profile ?? 'production';
    const lintOptions: LintOptions = {
      path: doc.path ?? doc.uri,
      rules: resolveRules(dockerfileRules, config, profile),
      settings: {
        profile,
        trustedRegistries: config.trustedRegistries,
        requiredLabels: config.requiredLabels,
      },
      ...(doc.path ? { buildContext: await loadBuildContext(dir, doc.path) } : {}),
      inlineSuppressions: config.inlineSuppressions,
    };
    doc.lintOptions = lintOptions;
    return lintDockerfile(text, lintOptions).diagnostics;
  }

  async function loadComposeRules(): Promise<readonly AnyComposeRule[]> {
    if (!composeRules) {
      composeRules = (await import('../lint/rules/compose/index.js')).composeRules;
      for (const rule of composeRules) rulesByName.set(rule.name, { rule, language: 'compose' });
    }
    return composeRules;
  }

  /**
   * Compose files are loaded from disk (the loader follows `extends`, `include`, `.env` and override files).
   * A buffer that differs from the saved file is written to a temporary folder and loaded from there, with the
   * real folder as the project directory, so `.env`, build contexts and override files still resolve.
   */
  async function lintComposeDoc(doc: Document, text: string): Promise<readonly Diagnostic[]> {
    if (!doc.path) return [];
    const path = doc.path;
    const dir = dirname(path);
    const config = await configFor(dir);
    if (ignoredByConfig(config, path)) return [];
    const [rules, { loadCompose, DEFAULT_FILE_NAMES, DEFAULT_OVERRIDE_FILE_NAMES }, { lintComposeProject }] =
      await Promise.all([
        loadComposeRules(),
        import('../parse/compose/loader.js'),
        import('../lint/engine/compose.js'),
      ]);
    const saved = await readFile(path, 'utf8').catch(() => undefined);
    let temp: string | undefined;
    let file = path;
    try {
      if (saved !== text) {
        temp = await mkdtemp(join(tmpdir(), 'dockwright-lsp-'));
        file = join(temp, basename(path));
        await writeFile(file, text);
      }
      const files = [file];
      // `compose.yaml` is loaded with its override file, as `docker compose` does in that folder.
      if (DEFAULT_FILE_NAMES.includes(basename(path))) {
        for (const name of DEFAULT_OVERRIDE_FILE_NAMES) {
          const override = join(dir, name);
          if (
            await readFile(override, 'utf8').then(
              () => true,
              () => false,
            )
          ) {
            files.push(override);
            break;
          }
        }
      }
      const profile = config.profile ?? 'production';
      const project = await loadCompose({ workingDir: dir, projectDirectory: dir, files, env: options.env });
      const result = lintComposeProject(project, {
        rules: resolveRules(rules, config, profile),
        settings: {
          profile,
          trustedRegistries: config.trustedRegistries,
          requiredLabels: config.requiredLabels,
        },
        inlineSuppressions: config.inlineSuppressions,
      });
      const others = new Set(project.files.map((f) => f.path).filter((p) => p !== file));
      return result.diagnostics
        .filter((d) => d.file === file || !others.has(d.file))
        .map((d) => (d.file === path ? d : { ...d, file: path }));
    } finally {
      if (temp) await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  async function lintText(doc: Document, text: string): Promise<readonly Diagnostic[]> {
    if (doc.kind === 'dockerfile') return lintDockerfileDoc(doc, text);
    if (doc.kind === 'compose') return lintComposeDoc(doc, text);
    return parseDockerignore(text, doc.path ?? doc.uri).diagnostics;
  }

  function toLsp(d: Diagnostic, index: LineIndex): LspDiagnostic {
    const info = rulesByName.get(d.code);
    return {
      range: index.rangeOf(d.range.start, d.range.end),
      severity: SEVERITY[d.severity],
      code: d.code,
      ...(info ? { codeDescription: { href: ruleDocUrl(info.rule.name, info.language) } } : {}),
      source: 'dockwright',
      message: d.hint ? `${d.message}\n${d.hint}` : d.message,
    };
  }

  async function lint(doc: Document): Promise<void> {
    const text = doc.text;
    const version = doc.version;
    const started = performance.now();
    let found: readonly Diagnostic[];
    try {
      found = await lintText(doc, text);
    } catch (error) {
      log(
        MessageType.Error,
        `linting ${doc.path ?? doc.uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      found = [];
    }
    // Closed meanwhile, or edited: the newer text gets its own lint.
    if (documents.get(doc.uri) !== doc || doc.text !== text) return;
    doc.diagnostics = found;
    doc.linted = text;
    const index = new LineIndex(text);
    connection.notify('textDocument/publishDiagnostics', {
      uri: doc.uri,
      version,
      diagnostics: found.map((d) => toLsp(d, index)),
    });
    log(
      MessageType.Log,
      `${basename(doc.path ?? doc.uri)}: ${found.length} finding(s) in ${Math.round(performance.now() - started)} ms`,
    );
  }

  function run(doc: Document): Promise<void> {
    const running = lint(doc).finally(() => {
      if (doc.running === running) delete doc.running;
    });
    doc.running = running;
    return running;
  }

  function schedule(doc: Document, delay: number): void {
    if (doc.timer) clearTimeout(doc.timer);
    doc.timer = setTimeout(() => {
      delete doc.timer;
      void run(doc);
    }, delay);
  }

  /** Findings for the document's current text, linting now if the last result is stale. */
  async function fresh(doc: Document): Promise<readonly Diagnostic[]> {
    if (doc.linted !== doc.text) {
      if (doc.timer) {
        clearTimeout(doc.timer);
        delete doc.timer;
      }
      await (doc.running ?? run(doc));
      if (doc.linted !== doc.text) await run(doc);
    }
    return doc.diagnostics;
  }

  /** Editors ask about every open file; ones we do not lint (or never saw) get empty answers. */
  function documentFor(params: unknown): Document | undefined {
    const uri = (params as { textDocument?: { uri?: string } } | undefined)?.textDocument?.uri;
    return uri ? documents.get(uri) : undefined;
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  let watchDynamically = false;
  connection.onRequest('initialize', (params) => {
    const p = (params ?? {}) as {
      initializationOptions?: { debounceMs?: unknown };
      capabilities?: { workspace?: { didChangeWatchedFiles?: { dynamicRegistration?: boolean } } };
    };
    const requested = p.initializationOptions?.debounceMs;
    if (typeof requested === 'number' && requested >= 0) debounceMs = requested;
    watchDynamically = p.capabilities?.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    initialized = true;
    return {
      capabilities: {
        positionEncoding: 'utf-16',
        textDocumentSync: { openClose: true, change: 2 /* Incremental */, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: ['quickfix', 'source.fixAll.dockwright'] },
        hoverProvider: true,
        // No documentFormattingProvider: dockwright has no Dockerfile formatter (see docs/lsp.md).
      },
      serverInfo: { name: 'dockwright', ...(options.version ? { version: options.version } : {}) },
    };
  });

  connection.onNotification('initialized', () => {
    if (!watchDynamically) return;
    connection
      .request('client/registerCapability', {
        registrations: [
          {
            id: 'dockwright-config-watcher',
            method: 'workspace/didChangeWatchedFiles',
            registerOptions: {
              watchers: [{ globPattern: '**/.{dockwright,hadolint}.{yaml,yml}' }],
            },
          },
        ],
      })
      .catch((error: unknown) => log(MessageType.Warning, `cannot watch config files: ${String(error)}`));
  });

  connection.onRequest('shutdown', () => {
    shutdown = true;
    for (const doc of documents.values()) if (doc.timer) clearTimeout(doc.timer);
    return null;
  });

  // ---- documents -------------------------------------------------------------------------------

  connection.onNotification('textDocument/didOpen', (params) => {
    const { uri, languageId, version, text } = (
      params as {
        textDocument: { uri: string; languageId?: string; version: number; text: string };
      }
    ).textDocument;
    const path = uriToPath(uri);
    const kind = kindOf(path, languageId);
    if (!kind) return;
    const doc: Document = { uri, path, kind, version, text, diagnostics: [] };
    documents.set(uri, doc);
    void run(doc);
  });

  connection.onNotification('textDocument/didChange', (params) => {
    const p = params as { textDocument: { uri: string; version: number }; contentChanges: ContentChange[] };
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return;
    doc.text = applyContentChanges(doc.text, p.contentChanges);
    doc.version = p.textDocument.version;
    schedule(doc, debounceMs);
  });

  connection.onNotification('textDocument/didSave', (params) => {
    const uri = (params as { textDocument: { uri: string } }).textDocument.uri;
    if (CONFIG_FILES.test(uri)) invalidateConfigs();
    const doc = documents.get(uri);
    // Compose files also read other files from disk: a save re-lints against what is now there.
    if (doc) schedule(doc, 0);
  });

  connection.onNotification('textDocument/didClose', (params) => {
    const uri = (params as { textDocument: { uri: string } }).textDocument.uri;
    const doc = documents.get(uri);
    if (!doc) return;
    if (doc.timer) clearTimeout(doc.timer);
    documents.delete(uri);
    connection.notify('textDocument/publishDiagnostics', { uri, diagnostics: [] });
  });

  connection.onNotification('workspace/didChangeWatchedFiles', (params) => {
    const changes = (params as { changes?: { uri: string }[] }).changes ?? [];
    if (changes.some((c) => CONFIG_FILES.test(c.uri))) invalidateConfigs();
    // Other files matter too: compose `extends`/`.env`, a Dockerfile's .dockerignore and COPY sources.
    else for (const doc of documents.values()) schedule(doc, debounceMs);
  });

  // ---- code actions ----------------------------------------------------------------------------

  function edits(text: string, fixEdits: readonly TextEdit[]): { range: LspRange; newText: string }[] {
    const index = new LineIndex(text);
    return fixEdits.map((e) => ({ range: index.rangeOf(e.range.start, e.range.end), newText: e.text }));
  }

  /** Where `# dockwright ignore=` goes: above the instruction holding the finding (Dockerfile) or its line (compose). */
  function ignoreEdit(doc: Document, text: string, d: Diagnostic): { range: LspRange; newText: string } {
    const index = new LineIndex(text);
    let offset = d.range.start;
    if (doc.kind === 'dockerfile' && doc.lintOptions) {
      const { ast } = lintDockerfile(text, { ...doc.lintOptions, rules: [] });
      const instruction = ast.instructions.find(
        (i) => i.range.start <= d.range.start && d.range.start <= i.range.end,
      );
      if (instruction) offset = instruction.range.start;
    }
    const line = index.positionAt(offset).line;
    const lineStart = index.starts[line]!;
    const indent = /^[ \t]*/.exec(text.slice(lineStart, index.lineEnd(line)))![0];
    const comment =
      doc.kind === 'dockerfile' ? `# dockwright ignore=${d.code} -- ` : `# dockwright ignore=${d.code}`;
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const at = { line, character: 0 };
    return { range: { start: at, end: at }, newText: `${indent}${comment}${eol}` };
  }

  function fixAll(doc: Document, text: string, found: readonly Diagnostic[]): string | undefined {
    if (!found.some((d) => d.fix?.kind === 'safe')) return undefined;
    if (doc.kind === 'dockerfile' && doc.lintOptions) {
      const fixed = fixDockerfile(text, doc.lintOptions);
      return fixed.changed ? fixed.output : undefined;
    }
    const fixes = found.map((d) => d.fix).filter((f): f is Fix => f?.kind === 'safe');
    const pass = applyFixes(text, fixes);
    return pass.output === text ? undefined : pass.output;
  }

  connection.onRequest('textDocument/codeAction', async (params) => {
    const doc = documentFor(params);
    if (!doc) return [];
    const p = params as { range: LspRange; context?: { only?: string[] } };
    const found = await fresh(doc);
    const text = doc.text;
    const index = new LineIndex(text);
    const wanted = { start: index.offsetAt(p.range.start), end: index.offsetAt(p.range.end) };
    const only = p.context?.only;
    const allowed = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
    const actions: CodeAction[] = [];
    const uri = doc.uri;
    const ignored = new Set<string>();
    for (const d of found) {
      if (!overlaps(d.range, wanted)) continue;
      const lsp = toLsp(d, index);
      if (d.fix && allowed('quickfix')) {
        const unsafe = d.fix.kind === 'unsafe';
        actions.push({
          title: `${d.fix.description ?? `Fix ${d.code}`}${unsafe ? ' (unsafe: may change what gets built)' : ''}`,
          kind: 'quickfix',
          diagnostics: [lsp],
          isPreferred: !unsafe,
          edit: { changes: { [uri]: edits(text, d.fix.edits) } },
        });
      }
      const key = `${d.code}@${index.positionAt(d.range.start).line}`;
      if (rulesByName.has(d.code) && !ignored.has(key) && allowed('quickfix')) {
        ignored.add(key);
        actions.push({
          title: `Ignore ${d.code} for this line`,
          kind: 'quickfix',
          diagnostics: [lsp],
          edit: { changes: { [uri]: [ignoreEdit(doc, text, d)] } },
        });
      }
    }
    const kind = only?.some((o) => o.startsWith('source')) ? 'source.fixAll.dockwright' : 'quickfix';
    if (allowed(kind) && (kind !== 'quickfix' || actions.length > 0)) {
      const output = fixAll(doc, text, found);
      if (output !== undefined) {
        actions.push({
          title: 'Fix all safe problems in file',
          kind,
          edit: {
            changes: { [uri]: [{ range: index.rangeOf(0, text.length), newText: output }] },
          },
        });
      }
    }
    return actions;
  });

  // ---- hover -----------------------------------------------------------------------------------

  connection.onRequest('textDocument/hover', async (params) => {
    const doc = documentFor(params);
    if (!doc) return null;
    const position = (params as { position: LspPosition }).position;
    const found = doc.linted === doc.text ? doc.diagnostics : await fresh(doc);
    const index = new LineIndex(doc.text);
    const offset = index.offsetAt(position);
    const here = found.filter((d) => d.range.start <= offset && offset <= d.range.end);
    if (here.length === 0) return null;
    const parts: string[] = [];
    const seen = new Set<string>();
    for (const d of here) {
      if (seen.has(d.code)) continue;
      seen.add(d.code);
      const info = rulesByName.get(d.code);
      if (!info) {
        parts.push(`**${d.code}**: ${d.message}${d.hint ? `\n\n${d.hint}` : ''}`);
        continue;
      }
      const page = await loadRuleDoc(info.rule.name, info.language);
      const link = ruleDocUrl(info.rule.name, info.language);
      parts.push(
        page
          ? `${page}\n\n[Rule documentation](${link})`
          : `# ${info.rule.name}\n\n${info.rule.meta.description}\n\n[Rule documentation](${link})`,
      );
    }
    const first = here[0]!;
    return {
      contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') },
      range: index.rangeOf(first.range.start, first.range.end),
    };
  });

  // ---- the loop --------------------------------------------------------------------------------

  const exited = new Promise<number>((resolve) => {
    connection.onNotification('exit', () => {
      exitCode = shutdown ? 0 : 1;
      resolve(exitCode);
    });
  });
  const reader = new MessageReader();
  const pump = (async () => {
    try {
      for await (const chunk of options.input) {
        let bodies: string[];
        try {
          bodies = reader.push(chunk);
        } catch (error) {
          log(MessageType.Error, error instanceof Error ? error.message : String(error));
          continue;
        }
        for (const body of bodies) {
          // Requests run concurrently (a slow lint must not block `shutdown`); notifications keep their order.
          void connection.receive(body);
          if (exitCode !== undefined) return exitCode;
        }
        if (exitCode !== undefined) return exitCode;
      }
    } catch (error) {
      log(MessageType.Error, `input failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    return shutdown ? 0 : 1;
  })();
  const code = await Promise.race([exited, pump]);
  for (const doc of documents.values()) if (doc.timer) clearTimeout(doc.timer);
  connection.close();
  return code;
}

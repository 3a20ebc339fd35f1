import { PassThrough } from 'node:stream';
import { encodeMessage, type Message, MessageReader } from '../../src/lsp/jsonrpc.js';
import { runServer } from '../../src/lsp/server.js';
import { LineIndex, type LspRange } from '../../src/lsp/text.js';

/** A scripted LSP client: writes framed messages, collects everything the server sends. */
export class TestClient {
  readonly messages: Message[] = [];
  readonly #reader = new MessageReader();
  #nextId = 1;
  #waiters: { test: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];

  constructor(readonly send: (text: string) => void) {}

  /** Feed bytes the server wrote. */
  receive(chunk: Uint8Array | string): void {
    for (const body of this.#reader.push(chunk)) {
      const message = JSON.parse(body) as Message;
      this.messages.push(message);
      this.#waiters = this.#waiters.filter((w) => {
        if (!w.test(message)) return true;
        w.resolve(message);
        return false;
      });
    }
  }

  waitFor(test: (m: Message) => boolean, timeoutMs = 10_000, since = 0): Promise<Message> {
    const seen = this.messages.slice(since).find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a message')), timeoutMs);
      this.#waiters.push({
        test,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  async request(method: string, params: unknown): Promise<Message> {
    const id = this.#nextId++;
    this.send(encodeMessage({ jsonrpc: '2.0', id, method, params }));
    return this.waitFor((m) => m.id === id && m.method === undefined);
  }

  notify(method: string, params: unknown): void {
    this.send(encodeMessage({ jsonrpc: '2.0', method, params }));
  }

  /** The next publishDiagnostics for a URI after message index `since`. */
  diagnostics(uri: string, since: number, timeoutMs?: number): Promise<Message> {
    return this.waitFor(
      (m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uri,
      timeoutMs,
      since,
    );
  }

  published(uri: string): Message[] {
    return this.messages.filter(
      (m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uri,
    );
  }
}

/** The server in-process over a PassThrough pair. */
export function inProcess(options: { debounceMs?: number; env?: Record<string, string> } = {}): {
  client: TestClient;
  exit: Promise<number>;
  input: PassThrough;
} {
  const input = new PassThrough();
  const client = new TestClient((text) => input.write(text));
  const exit = runServer({
    input,
    output: { write: (chunk: string) => client.receive(chunk) },
    env: options.env ?? {},
    cwd: process.cwd(),
    version: 'test',
    ...(options.debounceMs !== undefined ? { debounceMs: options.debounceMs } : {}),
  });
  return { client, exit, input };
}

export interface LspTextEdit {
  readonly range: LspRange;
  readonly newText: string;
}

/** Apply LSP edits the way an editor does (all ranges refer to the original text). */
export function applyEdits(text: string, edits: readonly LspTextEdit[]): string {
  const index = new LineIndex(text);
  const sorted = edits
    .map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

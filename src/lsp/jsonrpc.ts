/**
 * A small JSON-RPC 2.0 layer with LSP's `Content-Length` framing: enough for a language server over stdio
 * (requests, notifications, responses to our own requests), with no runtime dependency.
 */

export type Id = number | string;

export interface Message {
  readonly jsonrpc: '2.0';
  readonly id?: Id | null;
  readonly method?: string;
  readonly params?: unknown;
  readonly result?: unknown;
  readonly error?: ResponseError;
}

export interface ResponseError {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

export const ErrorCodes = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  ServerNotInitialized: -32002,
  RequestCancelled: -32800,
} as const;

/** Thrown by a handler to answer with a specific JSON-RPC error. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** Encode one message with its `Content-Length` header (bytes of the UTF-8 body). */
export function encodeMessage(message: Message): string {
  const body = JSON.stringify(message);
  return `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * Splits a byte stream into message bodies. Headers are `Name: value` lines ended by an empty line;
 * only `Content-Length` matters (`Content-Type` is accepted and ignored). Bodies are UTF-8.
 */
export class MessageReader {
  #buffer: Buffer = Buffer.alloc(0);

  /** Feed a chunk; returns the complete bodies it finished (as text), or throws on a header without a length. */
  push(chunk: Uint8Array | string): string[] {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
    this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, bytes]) : bytes;
    const bodies: string[] = [];
    for (;;) {
      const end = this.#buffer.indexOf(HEADER_END);
      if (end < 0) break;
      const header = this.#buffer.subarray(0, end).toString('ascii');
      const match = /(?:^|\r\n)content-length:\s*(\d+)\s*(?:\r\n|$)/i.exec(header);
      if (!match) {
        // Drop the bad header so one broken frame does not wedge the stream.
        this.#buffer = this.#buffer.subarray(end + HEADER_END.length);
        throw new Error(`message header without Content-Length: ${JSON.stringify(header)}`);
      }
      const length = Number(match[1]);
      const start = end + HEADER_END.length;
      if (this.#buffer.length < start + length) break;
      bodies.push(this.#buffer.subarray(start, start + length).toString('utf8'));
      this.#buffer = this.#buffer.subarray(start + length);
    }
    return bodies;
  }
}

type Handler = (params: unknown) => unknown;

/** Dispatches incoming messages to handlers and writes responses; errors in handlers become error responses. */
export class Connection {
  readonly #requests = new Map<string, Handler>();
  readonly #notifications = new Map<string, Handler>();
  readonly #pending = new Map<Id, { resolve(v: unknown): void; reject(e: Error): void }>();
  #nextId = 1;
  /** Called before a request handler runs; may throw an RpcError (e.g. not initialised, already shut down). */
  guard?: (method: string) => void;

  constructor(
    readonly write: (text: string) => void,
    readonly onError: (message: string) => void,
  ) {}

  onRequest(method: string, handler: Handler): void {
    this.#requests.set(method, handler);
  }

  onNotification(method: string, handler: Handler): void {
    this.#notifications.set(method, handler);
  }

  send(message: Omit<Message, 'jsonrpc'>): void {
    this.write(encodeMessage({ jsonrpc: '2.0', ...message }));
  }

  notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  /** A request to the client (e.g. `client/registerCapability`); resolves with its result. */
  request(method: string, params: unknown): Promise<unknown> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.send({ id, method, params });
    });
  }

  /** Handle one message body; never throws. */
  async receive(body: string): Promise<void> {
    let message: Message;
    try {
      message = JSON.parse(body) as Message;
    } catch (error) {
      this.send({ id: null, error: { code: ErrorCodes.ParseError, message: (error as Error).message } });
      return;
    }
    if (typeof message !== 'object' || message === null) {
      this.send({ id: null, error: { code: ErrorCodes.InvalidRequest, message: 'not a JSON-RPC message' } });
      return;
    }
    const { id, method } = message;
    if (method === undefined) {
      // A response to one of our requests.
      const pending = id === undefined || id === null ? undefined : this.#pending.get(id);
      if (pending) {
        this.#pending.delete(id!);
        if (message.error) pending.reject(new Error(message.error.message));
        else pending.resolve(message.result);
      }
      return;
    }
    const isRequest = id !== undefined && id !== null;
    if (!isRequest) {
      const handler = this.#notifications.get(method);
      if (!handler) {
        // `$/` notifications may be ignored; others are logged (the spec says: ignore unknown notifications).
        if (!method.startsWith('$/')) this.onError(`unhandled notification ${method}`);
        return;
      }
      try {
        await handler(message.params);
      } catch (error) {
        this.onError(
          `${method} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      }
      return;
    }
    try {
      this.guard?.(method);
      const handler = this.#requests.get(method);
      if (!handler) throw new RpcError(ErrorCodes.MethodNotFound, `unhandled method ${method}`);
      const result = await handler(message.params);
      this.send({ id, result: result ?? null });
    } catch (error) {
      const code = error instanceof RpcError ? error.code : ErrorCodes.InternalError;
      const text = error instanceof Error ? error.message : String(error);
      if (!(error instanceof RpcError))
        this.onError(`${method} failed: ${error instanceof Error ? (error.stack ?? text) : text}`);
      this.send({ id, error: { code, message: text } });
    }
  }

  /** Reject whatever we are still waiting for (the stream closed). */
  close(): void {
    for (const pending of this.#pending.values()) pending.reject(new Error('connection closed'));
    this.#pending.clear();
  }
}

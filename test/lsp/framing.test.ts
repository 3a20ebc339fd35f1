import { describe, expect, it } from 'vitest';
import { encodeMessage, MessageReader } from '../../src/lsp/jsonrpc.js';
import { applyContentChanges, LineIndex } from '../../src/lsp/text.js';

describe('Content-Length framing', () => {
  it('counts UTF-8 bytes and reassembles messages split anywhere, even inside a character', () => {
    const messages = [
      { jsonrpc: '2.0' as const, id: 1, method: 'a', params: { text: 'café 😀' } },
      { jsonrpc: '2.0' as const, method: 'b', params: {} },
    ];
    const bytes = Buffer.from(messages.map(encodeMessage).join(''), 'utf8');
    const body = JSON.stringify(messages[0]);
    // é is 2 bytes in UTF-8 (1 UTF-16 unit), 😀 4 bytes (2 units): the header counts bytes.
    expect(encodeMessage(messages[0]!)).toBe(`Content-Length: ${body.length + 3}\r\n\r\n${body}`);
    for (let split = 1; split < bytes.length; split++) {
      const reader = new MessageReader();
      const bodies = [...reader.push(bytes.subarray(0, split)), ...reader.push(bytes.subarray(split))];
      expect(bodies.map((b) => JSON.parse(b))).toEqual(messages);
    }
  });

  it('accepts a Content-Type header and rejects a frame without a length, then recovers', () => {
    const reader = new MessageReader();
    const body = '{"jsonrpc":"2.0","method":"x"}';
    expect(
      reader.push(
        `Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      ),
    ).toEqual([body]);
    expect(() => reader.push('X-Nothing: 1\r\n\r\n')).toThrow(/Content-Length/);
    expect(reader.push(`Content-Length: ${body.length}\r\n\r\n${body}`)).toEqual([body]);
  });
});

describe('positions', () => {
  it('converts offsets to 0-based lines and UTF-16 characters for \\n, \\r\\n and \\r', () => {
    const text = 'a😀b\r\nsecond\rthird\nlast';
    const index = new LineIndex(text);
    expect(index.positionAt(text.indexOf('b'))).toEqual({ line: 0, character: 3 });
    expect(index.positionAt(text.indexOf('second'))).toEqual({ line: 1, character: 0 });
    expect(index.positionAt(text.indexOf('third'))).toEqual({ line: 2, character: 0 });
    expect(index.positionAt(text.length)).toEqual({ line: 3, character: 4 });
    expect(index.offsetAt({ line: 0, character: 99 })).toBe(text.indexOf('\r\n'));
    expect(index.offsetAt({ line: 99, character: 0 })).toBe(text.length);
  });

  it('applies incremental and full changes in order', () => {
    const text = 'FROM a\nRUN x\n';
    const next = applyContentChanges(text, [
      { range: { start: { line: 1, character: 4 }, end: { line: 1, character: 5 } }, text: 'echo 😀' },
      { range: { start: { line: 1, character: 11 }, end: { line: 1, character: 11 } }, text: '!' },
    ]);
    expect(next).toBe('FROM a\nRUN echo 😀!\n');
    expect(applyContentChanges(next, [{ text: 'FROM b\n' }])).toBe('FROM b\n');
  });
});

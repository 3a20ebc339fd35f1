/** Offline awareness: the `# syntax=` frontend image and base images that cannot be pulled. */

const DIRECTIVE = /^#\s*syntax\s*=\s*(\S+)/i;

/** The `# syntax=` parser directive of a Dockerfile (only before the first non-directive line counts). */
export function syntaxDirective(text: string): { image: string; line: number } | undefined {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!.trim();
    const m = DIRECTIVE.exec(l);
    if (m) return { image: m[1]!, line: i + 1 };
    if (!/^#\s*\w+\s*=/.test(l)) return undefined;
  }
  return undefined;
}

/** The Dockerfile without its `# syntax=` line (kept as a blank line so line numbers stay). */
export function withoutSyntaxDirective(text: string): string {
  const d = syntaxDirective(text);
  if (!d) return text;
  const lines = text.split('\n');
  lines[d.line - 1] = '';
  return lines.join('\n');
}

const UNREACHABLE =
  /no such host|failed to do request|dial tcp|i\/o timeout|connection refused|network is unreachable|TLS handshake timeout|Temporary failure in name resolution|server misbehaving/i;

/** BuildKit could not fetch the `# syntax=` frontend image. */
export function isFrontendPullFailure(log: string): boolean {
  return (
    /(frontend gateway|frontend dockerfile\.v0|docker\/dockerfile|resolve image config for docker\.io\/docker\/dockerfile)/i.test(
      log,
    ) && UNREACHABLE.test(log)
  );
}

/**
 * The base image a failed build could not pull because the registry is unreachable (not a broken setup), or
 * undefined when the failure is something else.
 */
export function offlineBaseImage(log: string): string | undefined {
  if (!UNREACHABLE.test(log) && !/pull access denied|not found: manifest unknown/i.test(log))
    return undefined;
  const patterns = [
    /failed to (?:resolve source metadata|load metadata) for ([^\s:]+(?::[\w.-]+)?(?:@sha256:[0-9a-f]+)?)/i,
    /pull access denied for ([^\s,]+)/i,
    /Head "https:\/\/[^/]+\/v2\/(?:library\/)?([^"]+?)\/manifests\/([^"]+)"/i,
    /Error response from daemon: [^:]*? ([\w./-]+:[\w.-]+): failed/i,
  ];
  for (const re of patterns) {
    const m = re.exec(log);
    if (!m) continue;
    if (m[2]) return `${m[1]}:${m[2]}`;
    if (/docker\/dockerfile/.test(m[1]!)) continue;
    return m[1]!.replace(/^docker\.io\/(library\/)?/, '');
  }
  return undefined;
}

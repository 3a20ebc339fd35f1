/** `FROM` images of a Dockerfile that must exist on the engine (not stages, not scratch), ARG defaults applied. */
export function baseImages(dockerfile: string): string[] {
  const args = new Map<string, string>();
  const stages = new Set<string>();
  const images = new Set<string>();
  const subst = (s: string) => s.replace(/\$\{?(\w+)\}?/g, (_m, k: string) => args.get(k) ?? '');
  const logical = dockerfile.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  for (const line of logical) {
    const arg = /^\s*ARG\s+(\w+)=(\S+)/i.exec(line);
    if (arg?.[1] && arg[2]) args.set(arg[1], arg[2].replace(/^"|"$/g, ''));
    const from = /^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from?.[1]) {
      const image = subst(from[1]);
      if (!stages.has(image) && image !== 'scratch') images.add(image);
      if (from[2]) stages.add(from[2]);
    }
    for (const m of line.matchAll(/--from=(\S+)/g)) {
      const ref = subst(m[1] ?? '');
      if (ref && !stages.has(ref) && !/^\d+$/.test(ref)) images.add(ref);
    }
  }
  return [...images];
}

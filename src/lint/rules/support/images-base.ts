/**
 * Shared helpers for the base-image / stage / variable rules (`images-` prefix):
 * what a FROM really pulls, where a variable sits in the source, Docker reference validation.
 */
import type { Range, SourceFile } from '../../../core/index.js';
import type { EscapeToken, FromInstruction } from '../../../parse/dockerfile/ast.js';
import { referencedVariables } from '../../../parse/dockerfile/expand.js';
import {
  type ImageRef,
  type NormalizedImageName,
  normalizeImageRef,
  parseImageRef,
} from '../../../parse/dockerfile/image-ref.js';
import type { Stage } from '../../../parse/dockerfile/model.js';

export type StageBaseInfo =
  /** `FROM build` where `build` is an earlier stage. */
  | { readonly kind: 'stage'; readonly stage: Stage }
  | { readonly kind: 'scratch' }
  /** The word has variables that are unset without build args, or does not expand. */
  | { readonly kind: 'unresolved' }
  | {
      readonly kind: 'image';
      /** Parsed from the expanded word. */
      readonly ref: ImageRef;
      readonly normalized: NormalizedImageName;
      /** The FROM word has no variables: `ref`'s part ranges are source ranges. */
      readonly literal: boolean;
      /** Range of the image word in the FROM line. */
      readonly range: Range;
    };

/** What the stage's FROM pulls, after ARG expansion. */
export function stageBaseInfo(stage: Stage): StageBaseInfo {
  if (stage.baseStage) return { kind: 'stage', stage: stage.baseStage };
  const { base, from } = stage;
  if (base.expanded === undefined || base.unmatched.length > 0 || base.expanded === '' || !from.image) {
    return { kind: 'unresolved' };
  }
  if (base.expanded.toLowerCase() === 'scratch') return { kind: 'scratch' };
  const literal = !from.image.hasVariables;
  const ref = literal ? from.image : (base.ref ?? parseImageRef(base.expanded, from.image.range.start));
  return { kind: 'image', ref, normalized: normalizeImageRef(ref), literal, range: from.image.range };
}

/** The stage at the root of a `FROM stage` chain (the stage itself when it starts from an image). */
export function rootStage(stage: Stage): Stage {
  let s = stage;
  const seen = new Set<Stage>();
  while (s.baseStage && !seen.has(s)) {
    seen.add(s);
    s = s.baseStage;
  }
  return s;
}

/** The source range of the part [start, end) of `word`, when `word` is written verbatim at `wordRange`. */
export function partRange(
  source: SourceFile,
  wordRange: Range,
  word: string,
  start: number,
  end: number,
): Range {
  if (source.slice(wordRange) !== word) return wordRange;
  return { start: wordRange.start + start, end: wordRange.start + end };
}

export interface LocatedVariable {
  readonly name: string;
  readonly range: Range;
  /** `:-`, `-`, `:+`, `+`, `:?`, `?`, `#`, `%`, `/`, … when the reference has one. */
  readonly modifier?: string;
}

/**
 * Variable references in a word written at `wordRange`, with source ranges (the whole word when the
 * word is not verbatim in the source, e.g. it spans a line continuation).
 */
export function locateVariables(
  source: SourceFile,
  wordRange: Range,
  word: string,
  escapeToken: EscapeToken,
): LocatedVariable[] {
  return referencedVariables(word, { escapeToken }).map((r) => ({
    name: r.name,
    range: partRange(source, wordRange, word, r.start, r.end),
    ...(r.modifier !== undefined ? { modifier: r.modifier } : {}),
  }));
}

/** Raw FROM platform flag text (quotes kept) and its range, as BuildKit expands it. */
export function platformWord(
  source: SourceFile,
  from: FromInstruction,
): { word: string; range: Range } | undefined {
  const flag = from.platform;
  if (!flag?.valueRange) return undefined;
  return { word: source.slice(flag.valueRange), range: flag.valueRange };
}

// ---------------------------------------------------------------------------------------------
// Docker reference grammar (github.com/distribution/reference, ParseNormalizedNamed)

const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`;
const IPV6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const DOMAIN = `(?:${DOMAIN_NAME}|${IPV6})(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(
  `^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*(?::${TAG})?(?:@${DIGEST})?$`,
);

/** Would `reference.ParseNormalizedNamed` accept this image reference? */
export function isValidImageReference(s: string): boolean {
  if (s === '' || s.length > 255 + 200) return false;
  if (/^[a-f0-9]{64}$/.test(s)) return false;
  // The first component is a domain only when it looks like one; otherwise it must be a lower-case path.
  const slash = s.indexOf('/');
  if (slash >= 0) {
    const first = s.slice(0, slash);
    const isDomain = first.includes('.') || first.includes(':') || first === 'localhost';
    if (!isDomain && first !== first.toLowerCase()) return false;
  }
  return REFERENCE.test(s);
}

// ---------------------------------------------------------------------------------------------
// Platforms (containerd/platforms normalisation, enough for OS / architecture names)

const ARCH_ALIASES: Record<string, string> = {
  x86_64: 'amd64',
  'x86-64': 'amd64',
  aarch64: 'arm64',
  armhf: 'arm',
  armel: 'arm',
  i386: '386',
};

/** `linux/amd64/v2` → os and architecture, or undefined when it does not look like a platform. */
export function parsePlatform(value: string): { os: string; arch: string } | undefined {
  const parts = value.trim().toLowerCase().split('/');
  if (parts.length === 0 || parts.length > 3 || parts.some((p) => !/^[a-z0-9_.-]+$/.test(p)))
    return undefined;
  const normArch = (a: string): string => ARCH_ALIASES[a] ?? a;
  if (parts.length === 1) {
    const p = parts[0]!;
    // A lone word is an OS (`linux`, `windows`) or an architecture (`arm64`).
    if (['linux', 'windows', 'darwin', 'freebsd'].includes(p)) return { os: p, arch: 'amd64' };
    return { os: 'linux', arch: normArch(p) };
  }
  return { os: parts[0]!, arch: normArch(parts[1]!) };
}

/** Models of the small text files `init` writes next to the Dockerfile. */

/** `.dockerignore`: titled groups of patterns. */
export interface DockerignoreModel {
  readonly header: readonly string[];
  readonly groups: readonly { readonly title: string; readonly patterns: readonly string[] }[];
}

/** One documented variable of `.env.example`. */
export interface EnvVariable {
  readonly name: string;
  /** Example value written after `=`; empty for secrets. */
  readonly value: string;
  /** What it is for and where it is read. */
  readonly description: readonly string[];
  readonly secret: boolean;
}

export interface EnvExampleModel {
  readonly header: readonly string[];
  readonly sections: readonly { readonly title: string; readonly variables: readonly EnvVariable[] }[];
}

/** A block of a Markdown document. */
export type MarkdownBlock =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'code'; readonly lang: string; readonly lines: readonly string[] }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | {
      readonly kind: 'table';
      readonly head: readonly string[];
      readonly rows: readonly (readonly string[])[];
    };

export interface MarkdownModel {
  readonly blocks: readonly MarkdownBlock[];
}

/** The unprivileged nginx server block for static sites and SPAs. */
export interface NginxSiteModel {
  readonly port: number;
  readonly root: string;
  /** Serve index.html for unknown paths (client-side routing). */
  readonly spaFallback: boolean;
  /** Path answered with 200 for health checks. */
  readonly healthPath: string;
  /**
   * Caching of CSS/JS/images: `immutable` (default) for fingerprinted build output, `revalidate` for hand-written
   * files whose names do not change with their content (a year of caching would hide every edit).
   */
  readonly assetCache?: 'immutable' | 'revalidate';
}

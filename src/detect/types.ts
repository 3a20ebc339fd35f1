/**
 * The facts `detect` reports about a project, and that `init` builds from.
 * The JSON form (schemaVersion 1) is documented in docs/detect-schema.md; change both together.
 */

export const SCHEMA_VERSION = 1;

export type Confidence = 'high' | 'medium' | 'low';

/** Why we believe a fact: the file that says so (relative to the project root, `/`-separated). */
export interface Evidence {
  /** Dotted name of the fact this supports, e.g. `language.version`, `port`, `services`. */
  readonly fact: string;
  readonly value: string;
  /** File that justified it; `null` for defaults and conventions. */
  readonly source: string | null;
  /** 1-based line in `source`, when known. */
  readonly line?: number;
  readonly confidence: Confidence;
  /** Short human explanation, e.g. `"engines.node" in package.json`. */
  readonly detail?: string;
}

export type NoteLevel = 'info' | 'warning';

/** Something the user should know: a disagreement between files, a default we fell back to, a gap. */
export interface Note {
  readonly level: NoteLevel;
  readonly message: string;
  readonly source?: string | null;
}

export type LanguageName =
  | 'node'
  | 'bun'
  | 'deno'
  | 'python'
  | 'go'
  | 'rust'
  | 'java'
  | 'dotnet'
  | 'ruby'
  | 'php'
  | 'elixir'
  | 'clojure'
  | 'scala'
  | 'swift'
  | 'crystal'
  | 'dart'
  | 'gleam'
  | 'haskell'
  | 'zig'
  | 'cobol'
  | 'scheme'
  | 'shell'
  | 'static';

export interface LanguageFacts {
  readonly name: LanguageName;
  /** The version to build with: exact (`20.11.1`), a minor (`3.12`) or a major (`22`). */
  readonly version: string;
  /** File the version came from, or `null` when it is our default. */
  readonly versionSource: string | null;
  /** The constraint as written, when it was a range (`>=18 <23`, `^3.11`). */
  readonly versionConstraint?: string;
  /** True when no file pinned a version and we fell back to the current default. */
  readonly versionIsDefault: boolean;
}

export interface PackageManagerFacts {
  /** The command name: npm, pnpm, yarn, bun, pip, poetry, uv, pdm, pipenv, conda, go, cargo, maven, gradle, dotnet, … */
  readonly name: string;
  readonly version: string | null;
  /** Lockfile path relative to the project root (may be above the app, in a workspace root). */
  readonly lockfile: string | null;
  /** Yarn: `classic` | `berry`; Poetry: `1` | `2`. */
  readonly variant?: string;
  /** Yarn berry: `pnp` | `node-modules` | `pnpm`. */
  readonly linker?: string;
  /** Maven / Gradle: the wrapper script to use (`mvnw`, `gradlew`), relative to the project root. */
  readonly wrapper?: string | null;
  /** Go: modules are vendored (`vendor/modules.txt`), build with `-mod=vendor`. */
  readonly vendored?: boolean;
  /** The install command a Dockerfile should run (frozen / locked where a lockfile exists). */
  readonly installCommand: string | null;
}

export interface FrameworkFacts {
  /** Lower-case id: next, nuxt, remix, sveltekit, astro, vite, cra, angular, nestjs, express, fastify, hono, koa, django, fastapi, flask, streamlit, gradio, gin, echo, fiber, chi, net/http, axum, actix-web, rocket, warp, spring-boot, quarkus, micronaut, aspnetcore, rails, laravel, … */
  readonly name: string;
  readonly version: string | null;
  /** Variant switches that change the image: `standalone`, `static-export`, `ssr`, `adapter-node`, … */
  readonly features: readonly string[];
}

/** `server`: long-running, listens on a port. `static`: files served by a web server. `worker`: long-running, no port. `cli`: runs and exits. */
export type AppKind = 'server' | 'static' | 'worker' | 'cli';

export type ServiceName =
  | 'postgres'
  | 'mysql'
  | 'mariadb'
  | 'mongodb'
  | 'redis'
  | 'valkey'
  | 'rabbitmq'
  | 'kafka'
  | 'elasticsearch'
  | 'opensearch'
  | 'minio'
  | 'memcached'
  | 'nats'
  | 'sqlite';

export interface ServiceFacts {
  readonly name: ServiceName;
  /** What pointed at it: a dependency name or an environment variable. */
  readonly via: string;
  readonly source: string;
}

export interface EnvVarFacts {
  readonly name: string;
  /** Files that read or declare it (first few). */
  readonly sources: readonly string[];
  /** Example or default value from `.env.example` or a code fallback, never a real secret file. */
  readonly example?: string;
  /** Looks like a credential (name contains SECRET, TOKEN, PASSWORD, KEY, …). */
  readonly secret: boolean;
}

export interface NativeDependency {
  /** The package that needs system packages. */
  readonly package: string;
  readonly ecosystem: string;
  /** Debian package names needed to build (compile) it. */
  readonly build: readonly string[];
  /** Debian package names needed at run time. */
  readonly runtime: readonly string[];
  readonly reason: string;
  readonly source: string;
}

export interface MlFacts {
  /** ML/GPU packages found (torch, tensorflow, jax, cupy, nvidia-*, …). */
  readonly packages: readonly string[];
  /** A CUDA build is requested explicitly (nvidia-* packages, `+cu121` wheels, onnxruntime-gpu, …). */
  readonly gpu: boolean;
  readonly source: string;
}

export interface AppFacts {
  /** Name to select the app with `--app`: package name, directory name or binary name. */
  readonly name: string;
  /** App directory relative to the project root (`.` for the root). */
  readonly path: string;
  /** For languages that build one of several entry points in a shared module (Go `./cmd/api`, Cargo bins, .NET projects). */
  readonly entry?: string;
  readonly language: LanguageFacts;
  /** Other runtimes the build also needs (e.g. Node for a Rails/Laravel asset build). */
  readonly extraRuntimes: readonly string[];
  readonly packageManager: PackageManagerFacts | null;
  readonly framework: FrameworkFacts | null;
  readonly kind: AppKind;
  readonly port: number | null;
  readonly buildCommand: string | null;
  readonly startCommand: string | null;
  /** The start script's body when `startCommand` runs a package.json/deno script, so a generator can exec it directly. */
  readonly startScript?: string;
  /** Where the build writes what runs or is served (`dist`, `.next/standalone`, `build`, `target`). */
  readonly outputDir: string | null;
  readonly healthPath: string | null;
  readonly services: readonly ServiceFacts[];
  readonly env: readonly EnvVarFacts[];
  readonly nativeDeps: readonly NativeDependency[];
  readonly ml: MlFacts | null;
  readonly evidence: readonly Evidence[];
  readonly notes: readonly Note[];
}

export interface MonorepoFacts {
  /** Workspace tools found, e.g. `pnpm-workspaces`, `turborepo`, `nx`, `go-workspace`, `cargo-workspace`. */
  readonly tools: readonly string[];
  /** Every workspace member directory (apps and libraries). */
  readonly members: readonly string[];
  readonly source: string;
}

export interface ExistingDockerFiles {
  readonly dockerfiles: readonly string[];
  readonly compose: readonly string[];
  readonly dockerignore: readonly string[];
  /** CI configuration files (`.github/workflows/*.yml`, `.gitlab-ci.yml`, …) with the provider and whether they build images. */
  readonly ci: readonly { readonly provider: string; readonly path: string; readonly buildsImage: boolean }[];
  /** Other platform configs init should know about: Procfile, fly.toml, railway.json, nixpacks.toml, app.yaml, … */
  readonly platform: readonly string[];
}

export interface ProjectFacts {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  /** Absolute path of the detected directory. */
  readonly root: string;
  readonly monorepo: MonorepoFacts | null;
  /** Deployable apps, best candidate first. Libraries of a monorepo are not listed. */
  readonly apps: readonly AppFacts[];
  readonly docker: ExistingDockerFiles;
  readonly notes: readonly Note[];
  readonly stats: { readonly files: number; readonly skipped: number; readonly ms: number };
}

export interface DetectOptions {
  /** Pick one app of a monorepo by name or path (as `--app`). Throws InputError when nothing matches. */
  readonly app?: string;
  /** Walk limits for very large trees. */
  readonly maxFiles?: number;
  /** Largest file read, in bytes (larger files are treated as unreadable). */
  readonly maxFileBytes?: number;
}

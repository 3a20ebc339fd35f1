/**
 * ENV that well-known base images set in their image config (BuildKit sees it; a static linter has to know it).
 * Lists come from the official images' Dockerfiles (docker-library) and Microsoft / distroless images.
 */
import type { NormalizedImageName } from '../../../parse/dockerfile/image-ref.js';

const JAVA = [/^JAVA_(HOME|VERSION)$/, /^(LANG|LANGUAGE|LC_ALL)$/];
const DISTRO: RegExp[] = [];

/** Official image name (after `library/`) → env name patterns, besides PATH. */
const OFFICIAL: Record<string, readonly RegExp[]> = {
  alpine: DISTRO,
  debian: DISTRO,
  ubuntu: DISTRO,
  busybox: DISTRO,
  fedora: [/^(DISTTAG|FGC|FBR)$/],
  centos: DISTRO,
  rockylinux: DISTRO,
  almalinux: DISTRO,
  amazonlinux: DISTRO,
  oraclelinux: DISTRO,
  archlinux: [/^LANG$/],
  'buildpack-deps': DISTRO,
  node: [/^(NODE|YARN)_VERSION$/],
  python: [/^PYTHON_/, /^(LANG|GPG_KEY)$/],
  pypy: [
    /^PYPY_/,
    /^(LANG|PYTHON_PIP_VERSION|PYTHON_SETUPTOOLS_VERSION|PYTHON_GET_PIP_URL|PYTHON_GET_PIP_SHA256)$/,
  ],
  golang: [/^(GOLANG_VERSION|GOTOOLCHAIN|GOPATH)$/],
  rust: [/^(RUSTUP_HOME|CARGO_HOME|RUST_VERSION)$/],
  'eclipse-temurin': JAVA,
  openjdk: [...JAVA, /^JAVA_(URL|SHA256|BASE_URL)$/],
  amazoncorretto: JAVA,
  'ibm-semeru-runtimes': [...JAVA, /^JAVA_TOOL_OPTIONS$/],
  sapmachine: JAVA,
  maven: [...JAVA, /^MAVEN_(HOME|CONFIG|VERSION)$/],
  gradle: [...JAVA, /^GRADLE_(HOME|VERSION)$/],
  tomcat: [
    ...JAVA,
    /^(CATALINA_HOME|TOMCAT_NATIVE_LIBDIR|LD_LIBRARY_PATH|GPG_KEYS|TOMCAT_MAJOR|TOMCAT_VERSION|TOMCAT_SHA512)$/,
  ],
  php: [/^PHP_/, /^(PHPIZE_DEPS|GPG_KEYS|APACHE_CONFDIR|APACHE_ENVVARS)$/],
  composer: [/^PHP_/, /^(PHPIZE_DEPS|GPG_KEYS|COMPOSER_\w+)$/],
  ruby: [/^RUBY_/, /^(LANG|GEM_HOME|BUNDLE_SILENCE_ROOT_WARNING|BUNDLE_APP_CONFIG)$/],
  nginx: [/^(NGINX_VERSION|NJS_VERSION|NJS_RELEASE|PKG_RELEASE|DYNPKG_RELEASE|ACME_VERSION)$/],
  httpd: [/^HTTPD_/],
  postgres: [/^(PGDATA|PG_MAJOR|PG_VERSION|GOSU_VERSION|LANG|POSTGRES_\w+)$/],
  mysql: [/^(GOSU_VERSION|MYSQL_MAJOR|MYSQL_VERSION|MYSQL_SHELL_VERSION)$/],
  mariadb: [/^(GOSU_VERSION|LANG|MARIADB_VERSION)$/],
  redis: [/^(REDIS_VERSION|REDIS_DOWNLOAD_URL|REDIS_DOWNLOAD_SHA)$/],
  mongo: [/^(GOSU_VERSION|JSYAML_VERSION|JSYAML_CHECKSUM|MONGO_\w+|HOME|GLIBC_TUNABLES)$/],
  haproxy: [/^HAPROXY_/],
  traefik: DISTRO,
  caddy: [/^(CADDY_VERSION|XDG_CONFIG_HOME|XDG_DATA_HOME)$/],
  docker: [/^(DOCKER_\w+|BUILDX_VERSION|COMPOSE_VERSION)$/],
  elixir: [/^(ELIXIR_VERSION|LANG)$/, /^OTP_/],
  erlang: [/^(OTP_VERSION|REBAR3_VERSION|REBAR3_DOWNLOAD_SHA256)$/],
  perl: [/^PERL_/],
  julia: [/^(JULIA_PATH|JULIA_GPG|JULIA_VERSION|LANG)$/],
  swift: [/^SWIFT_/],
  dart: [/^(DART_SDK|PUB_CACHE)$/],
  haskell: [/^(LANG|GHC|STACK|CABAL_INSTALL)\w*$/],
  bash: [/^(_BASH_\w+)$/],
  gcc: [/^GCC_/],
};

/** Microsoft .NET images (mcr.microsoft.com/dotnet/*). */
const DOTNET: readonly RegExp[] = [
  /^(APP_UID|ASPNETCORE_\w+|DOTNET_\w+|ASPNET_VERSION|NUGET_XMLDOC_MODE|POWERSHELL_DISTRIBUTION_CHANNEL)$/,
];

/**
 * The env a base image sets, as name patterns, when the image is well known; `undefined` when it is not
 * (a custom image may set anything). PATH is always assumed.
 */
export function knownImageEnv(n: NormalizedImageName): readonly RegExp[] | undefined {
  if (n.domain === 'docker.io' && n.path.startsWith('library/'))
    return OFFICIAL[n.path.slice('library/'.length)];
  if (n.domain === 'mcr.microsoft.com' && n.path.startsWith('dotnet/')) return DOTNET;
  if (n.domain === 'gcr.io' && n.path.startsWith('distroless/'))
    return [/^(SSL_CERT_FILE|JAVA_VERSION|LANG)$/];
  return undefined;
}

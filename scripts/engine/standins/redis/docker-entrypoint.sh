#!/bin/sh
# The essentials of the official redis image's entrypoint, for dockwright's Debian-built stand-in.
set -e
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then set -- redis-server "$@"; fi
if [ "$1" = redis-server ]; then
  shift
  set -- redis-server --protected-mode no --bind '* -::*' "$@"
  if [ "$(id -u)" = 0 ]; then
    chown -R redis /data 2>/dev/null || true
    exec setpriv --reuid=redis --regid=redis --init-groups "$@"
  fi
fi
exec "$@"

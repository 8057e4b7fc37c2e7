#!/bin/sh
#
# Runs the gateway as a service: the process a service manager starts and stops. Unlike
# `npm start` (npm does not pass SIGTERM or SIGINT on to node, so after a stop npm exits and the
# gateway keeps the port), this script replaces itself with node (`exec`), so the service
# manager's SIGTERM reaches the gateway: it stops accepting, lets requests in flight finish (a
# write waits for its commit), closes the ledger and exits 0. It does not build; build once per
# release (`npm ci && npm run build`). Configuration is the environment (README, Configuration);
# docs/service.md has a systemd unit and a container entrypoint.
set -eu
cd "$(dirname "$0")/.."
if [ ! -f build/scripts/start.js ]; then
  echo "build/scripts/start.js is missing: build first with npm ci && npm run build" >&2
  exit 1
fi
exec "${NODE:-node}" build/scripts/start.js

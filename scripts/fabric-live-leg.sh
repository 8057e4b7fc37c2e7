#!/usr/bin/env bash
#
# The live leg: real Hyperledger Fabric on this machine, no Docker. Brings the native network
# up (scripts/fabric-network.sh up --native), creates the channel, deploys the chaincode as a
# service, enrols the demo identities, starts the gateway on it once (its first start calls
# Consortium:Init), runs `npm run test:fabric` (ledger conformance, the HTTP scenario, the
# Fabric-only checks) and tears the network down, also when a step fails or the leg is interrupted.
#
#   FABRIC_BIN=<release folder> scripts/fabric-live-leg.sh
#
# FABRIC_BIN is a folder laid out like the Fabric 2.5 release archive plus fabric-ca's bin/
# (see network/fabric/README.md). Needs `npm run build` done. Prints each step with its time;
# exits non-zero if any step fails. LIVE_LEG_TIMEOUT (seconds, default 900) bounds each step.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
NETWORK=scripts/fabric-network.sh
STEP_TIMEOUT=${LIVE_LEG_TIMEOUT:-900}
GATEWAY_PORT=${LIVE_LEG_GATEWAY_PORT:-18080}
LOGS="$ROOT/network/fabric/native-run/logs"
START=$SECONDS
GATEWAY_PID=

: "${FABRIC_BIN:?set FABRIC_BIN to the Fabric release folder (bin/, config/, builders/ccaas/bin/)}"
export FABRIC_BIN

step() { printf '\n== live leg [%3ds] %s\n' "$((SECONDS - START))" "$*"; }

teardown() {
  local status=$?
  if [ -n "$GATEWAY_PID" ] && kill -0 "$GATEWAY_PID" 2>/dev/null; then kill "$GATEWAY_PID" 2>/dev/null || true; wait "$GATEWAY_PID" 2>/dev/null || true; fi
  if [ "$status" -ne 0 ] && [ -d "$LOGS" ]; then
    step "failed (exit $status): the last lines of each process log"
    for log in "$LOGS"/*.log; do
      [ -s "$log" ] || continue
      echo "--- ${log#"$ROOT"/}"
      tail -n 5 "$log"
    done
  fi
  step "tearing the network down"
  "$NETWORK" down || true
  step "done (exit $status) in $((SECONDS - START))s"
  exit "$status"
}
trap teardown EXIT
trap 'exit 130' INT TERM

step "leftovers of an earlier run, if any"
"$NETWORK" down
step "network up (native processes from $FABRIC_BIN)"
timeout "$STEP_TIMEOUT" "$NETWORK" up --native
step "channel"
timeout "$STEP_TIMEOUT" "$NETWORK" createChannel
step "chaincode as a service"
timeout "$STEP_TIMEOUT" "$NETWORK" deploy --ccaas
step "demo identities"
timeout "$STEP_TIMEOUT" "$NETWORK" enroll

export LEDGER_BACKEND=fabric FABRIC_CONNECTION_PROFILE=network/fabric/connection-profiles FABRIC_WALLET=network/fabric/wallet FABRIC_AS_LOCALHOST=true
# fabric-network logs every refused proposal with its stack to the console; the tests refuse some on purpose.
export HFC_LOGGING="{\"error\":\"$LOGS/fabric-sdk.log\",\"warn\":\"$LOGS/fabric-sdk.log\"}"

step "gateway on the network once (its first start calls Consortium:Init)"
DATA_DIR=$(mktemp -d)
PORT=$GATEWAY_PORT HOST=127.0.0.1 DAL_DATA_DIR="$DATA_DIR" node build/scripts/start.js >"$LOGS/gateway.log" 2>&1 &
GATEWAY_PID=$!
deadline=$((SECONDS + 180))
until curl -fsS "http://127.0.0.1:$GATEWAY_PORT/api/v1/health" >/dev/null 2>&1; do
  kill -0 "$GATEWAY_PID" 2>/dev/null || { cat "$LOGS/gateway.log"; echo "the gateway exited during start-up" >&2; exit 1; }
  ((SECONDS < deadline)) || { cat "$LOGS/gateway.log"; echo "the gateway did not answer /api/v1/health within 180s" >&2; exit 1; }
  sleep 1
done
grep -E "initialised|backend|height" "$LOGS/gateway.log" | head -5 || true
kill "$GATEWAY_PID"; wait "$GATEWAY_PID" 2>/dev/null || true; GATEWAY_PID=
rm -rf "$DATA_DIR"

step "npm run test:fabric"
timeout "$STEP_TIMEOUT" npm run test:fabric

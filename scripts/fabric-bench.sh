#!/usr/bin/env bash
#
# One benchmark, two backends, one run: `bench:certs` against the embedded default and then
# against a gateway over the native Fabric network, with both figures and their ratio.
#
#   FABRIC_BIN=<release folder> scripts/fabric-bench.sh [bench:certs options, e.g. --seconds 20]
#
# Both runs use 16 requests in flight unless the options say otherwise (an --in-flight N of yours
# comes first and wins): at 64, the network's 28 processes and the gateway on 2 cores leave
# requests failing, which measures the machine, not the ledger.
# Brings the native network up (up --native, createChannel, deploy --ccaas, enroll) unless one is
# already running, starts a gateway on it (LEDGER_BACKEND=fabric, a fresh data folder), runs
# `node build/scripts/bench-certs.js --gateway <it> --compare`, then stops the gateway and takes
# down the network it brought up (a network that was already running is left running).
# Needs `npm run build` done.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
NETWORK=scripts/fabric-network.sh
PORT=${BENCH_GATEWAY_PORT:-18081}
DATA_DIR=$(mktemp -d)
GATEWAY_PID=
STARTED_NETWORK=

cleanup() {
  local status=$?
  if [ -n "$GATEWAY_PID" ]; then kill "$GATEWAY_PID" 2>/dev/null || true; wait "$GATEWAY_PID" 2>/dev/null || true; fi
  rm -rf "$DATA_DIR"
  if [ -n "$STARTED_NETWORK" ]; then echo "== taking the network down"; "$NETWORK" down >/dev/null || true; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -d network/fabric/native-run ] && [ -f network/fabric/wallet/consortium-admin@JiangsuRegulatorMSP.id ]; then
  echo "== using the native network already running"
else
  : "${FABRIC_BIN:?set FABRIC_BIN to the Fabric release folder (bin/, config/, builders/ccaas/bin/)}"
  echo "== bringing the native network up"
  STARTED_NETWORK=1
  "$NETWORK" down >/dev/null
  "$NETWORK" up --native >/dev/null
  "$NETWORK" createChannel >/dev/null 2>&1
  "$NETWORK" deploy --ccaas >/dev/null 2>&1
  "$NETWORK" enroll >/dev/null 2>&1
fi

echo "== gateway on Fabric at http://127.0.0.1:$PORT (data in $DATA_DIR)"
LOG_LEVEL=warn LEDGER_BACKEND=fabric FABRIC_CONNECTION_PROFILE=network/fabric/connection-profiles FABRIC_WALLET=network/fabric/wallet \
  FABRIC_AS_LOCALHOST=true HFC_LOGGING='{"error":"/dev/null"}' PORT="$PORT" HOST=127.0.0.1 DAL_DATA_DIR="$DATA_DIR" \
  node build/scripts/start.js >"$DATA_DIR/gateway.log" 2>&1 &
GATEWAY_PID=$!
deadline=$((SECONDS + 180))
until curl -fsS "http://127.0.0.1:$PORT/api/v1/health" >/dev/null 2>&1; do
  kill -0 "$GATEWAY_PID" 2>/dev/null || { cat "$DATA_DIR/gateway.log"; exit 1; }
  ((SECONDS < deadline)) || { echo "the gateway did not answer within 180s" >&2; exit 1; }
  sleep 1
done

node build/scripts/bench-certs.js --gateway "http://127.0.0.1:$PORT" --compare --credentials "$DATA_DIR/demo-credentials.json" "$@" --in-flight 16

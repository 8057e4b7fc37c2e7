#!/usr/bin/env bash
#
# Real Hyperledger Fabric 2.5 network for the consortium, in the style of fabric-samples'
# test-network/network.sh. Everything organisation-specific comes from
# network/fabric/network.env, generated from network/consortium.json (npm run fabric:generate).
#
#   scripts/fabric-network.sh up [--native]    CAs, crypto material from the CAs, 3 Raft orderers, one peer per org
#   scripts/fabric-network.sh createChannel    channel genesis block (configtxgen), osnadmin channel join, peer channel join
#   scripts/fabric-network.sh deploy [--ccaas|--node]
#                                              package, install, approveformyorg, commit (sequence bumps on upgrade)
#   scripts/fabric-network.sh enroll           demo identities into network/fabric/wallet (fabric-ca-client npm package)
#   scripts/fabric-network.sh down             stop everything and delete crypto material, ledgers and wallet
#
# Docker mode (the default): docker with compose v2, and the Fabric 2.5 binaries (peer,
# configtxgen, osnadmin, fabric-ca-client) on PATH with their config folder in FABRIC_CFG_DIR
# (default: ../config beside the peer binary, as the fabric-samples install script lays them out).
# Native mode (`up --native`, like fabric-samples' test-network-nano-bash): no Docker; every node
# is a process of the release binaries on 127.0.0.1, from FABRIC_BIN (a folder laid out like the
# release archive: bin/, config/, builders/ccaas/bin/) or from PATH. The later subcommands see
# network/fabric/native-run and act on the native network; `down` stops exactly the processes
# `up` and `deploy` started (their pid files).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FABRIC_DIR="$ROOT/network/fabric"
ORGS_DIR="$FABRIC_DIR/organizations"
ARTIFACTS="$FABRIC_DIR/channel-artifacts"
# shellcheck source=../network/fabric/network.env
source "$FABRIC_DIR/network.env"
COMPOSE=(docker compose -f "$FABRIC_DIR/compose/docker-compose.yaml")
NATIVE_RUN="$FABRIC_DIR/native-run"
MAX_RETRY=${MAX_RETRY:-10}
DELAY=${DELAY:-3}

infoln() { printf '\033[0;34m%s\033[0m\n' "$*"; }
successln() { printf '\033[0;32m%s\033[0m\n' "$*"; }
fatalln() { printf '\033[0;31m%s\033[0m\n' "$*" >&2; exit 1; }

requireTools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || fatalln "'$tool' not found: install Docker and the Fabric 2.5 binaries (see network/fabric/README.md)"
  done
}

fabricCfg() {
  local dir=${FABRIC_CFG_DIR:-$(dirname "$(command -v peer)")/../config}
  [ -f "$dir/core.yaml" ] || fatalln "no core.yaml in $dir: set FABRIC_CFG_DIR to the config folder of the Fabric binaries"
  echo "$dir"
}

retry() {
  local what=$1; shift
  local n
  for ((n = 1; n <= MAX_RETRY; n++)); do
    if "$@"; then return 0; fi
    infoln "$what failed, retry $n/$MAX_RETRY in ${DELAY}s"
    sleep "$DELAY"
  done
  fatalln "$what failed after $MAX_RETRY attempts"
}

# ---------------------------------------------------------------- crypto material from the CAs
waitForCa() {
  local dir=$1 n
  for ((n = 0; n < 30; n++)); do
    [ -f "$FABRIC_DIR/fabric-ca/$dir/tls-cert.pem" ] && [ -f "$FABRIC_DIR/fabric-ca/$dir/ca-cert.pem" ] && return 0
    sleep 1
  done
  fatalln "CA in fabric-ca/$dir did not write its tls-cert.pem"
}

# nodeOUs CACERT_FILE: the MSP config that makes fabric-ca's OU values roles (client/peer/admin/orderer).
nodeOUs() {
  local cert=$1
  cat <<NODEOUS
NodeOUs:
  Enable: true
  ClientOUIdentifier: { Certificate: cacerts/$cert, OrganizationalUnitIdentifier: client }
  PeerOUIdentifier: { Certificate: cacerts/$cert, OrganizationalUnitIdentifier: peer }
  AdminOUIdentifier: { Certificate: cacerts/$cert, OrganizationalUnitIdentifier: admin }
  OrdererOUIdentifier: { Certificate: cacerts/$cert, OrganizationalUnitIdentifier: orderer }
NODEOUS
}

# enrollNode HOME CA_URL CA_NAME TLS_CERT ID SECRET TYPE MSP_DIR TLS_DIR HOST: register, then enrol MSP and TLS certs.
enrollNode() {
  local home=$1 url=$2 caname=$3 tlscert=$4 id=$5 secret=$6 type=$7 msp=$8 tls=$9 host=${10}
  FABRIC_CA_CLIENT_HOME=$home fabric-ca-client register --caname "$caname" --id.name "$id" --id.secret "$secret" --id.type "$type" --tls.certfiles "$tlscert" >/dev/null 2>>"$ORGS_DIR/fabric-ca-client.log"
  fabric-ca-client enroll -u "https://$id:$secret@$url" --caname "$caname" -M "$msp" --csr.hosts "$host" --csr.hosts localhost --csr.hosts 127.0.0.1 --tls.certfiles "$tlscert" >/dev/null 2>>"$ORGS_DIR/fabric-ca-client.log"
  cp "$home/msp/config.yaml" "$msp/config.yaml"
  if [ -n "$tls" ]; then
    fabric-ca-client enroll -u "https://$id:$secret@$url" --caname "$caname" -M "$tls" --enrollment.profile tls --csr.hosts "$host" --csr.hosts localhost --csr.hosts 127.0.0.1 --tls.certfiles "$tlscert" >/dev/null 2>>"$ORGS_DIR/fabric-ca-client.log"
    cp "$tls"/tlscacerts/* "$tls/ca.crt"
    cp "$tls"/signcerts/* "$tls/server.crt"
    cp "$tls"/keystore/* "$tls/server.key"
  fi
}

# enrollOrg HOME CA_DIR CA_PORT CA_NAME: enrol the CA registrar and write the organisation MSP.
enrollOrg() {
  local home=$1 cadir=$2 port=$3 caname=$4
  local tlscert="$FABRIC_DIR/fabric-ca/$cadir/ca-cert.pem"
  waitForCa "$cadir"
  mkdir -p "$home"
  FABRIC_CA_CLIENT_HOME=$home fabric-ca-client enroll -u "https://admin:adminpw@localhost:$port" --caname "$caname" --tls.certfiles "$tlscert" >/dev/null 2>>"$ORGS_DIR/fabric-ca-client.log"
  nodeOUs "localhost-$port-$caname.pem" >"$home/msp/config.yaml"
  mkdir -p "$home/msp/tlscacerts" "$home/tlsca"
  cp "$home/msp/cacerts/"* "$home/msp/tlscacerts/ca.crt"
  cp "$home/msp/cacerts/"* "$home/tlsca/tlsca-cert.pem"
}

createPeerOrgCrypto() {
  local i=$1
  local domain=${ORG_DOMAINS[$i]} port=${CA_PORTS[$i]} caname=${CA_NAMES[$i]} cadir=${CA_DIRS[$i]} peer=${PEER_HOSTS[$i]}
  local home="$ORGS_DIR/peerOrganizations/$domain" tlscert="$FABRIC_DIR/fabric-ca/$cadir/ca-cert.pem"
  infoln "crypto material for ${ORG_MSPS[$i]} from $caname"
  enrollOrg "$home" "$cadir" "$port" "$caname"
  enrollNode "$home" "localhost:$port" "$caname" "$tlscert" peer0 peer0pw peer "$home/peers/$peer/msp" "$home/peers/$peer/tls" "$peer"
  enrollNode "$home" "localhost:$port" "$caname" "$tlscert" "${ORG_KEYS[$i]}admin" "${ORG_KEYS[$i]}adminpw" admin "$home/users/Admin@$domain/msp" "" "$domain"
  # The chaincode-as-a-service server's TLS certificate (connection.json sets tls_required).
  enrollNode "$home" "localhost:$port" "$caname" "$tlscert" ccaas ccaaspw client "$home/ccaas/msp" "$home/ccaas/tls" "${CCAAS_HOSTS[$i]}"
}

createOrdererCrypto() {
  local home="$ORGS_DIR/ordererOrganizations/$ORDERER_DOMAIN" tlscert="$FABRIC_DIR/fabric-ca/$ORDERER_CA_DIR/ca-cert.pem" host n
  infoln "crypto material for $ORDERER_MSP from $ORDERER_CA_NAME"
  enrollOrg "$home" "$ORDERER_CA_DIR" "$ORDERER_CA_PORT" "$ORDERER_CA_NAME"
  for ((n = 0; n < ${#ORDERER_HOSTS[@]}; n++)); do
    host=${ORDERER_HOSTS[$n]}
    enrollNode "$home" "localhost:$ORDERER_CA_PORT" "$ORDERER_CA_NAME" "$tlscert" "orderer$((n + 1))" "orderer$((n + 1))pw" orderer \
      "$home/orderers/$host/msp" "$home/orderers/$host/tls" "$host"
  done
  enrollNode "$home" "localhost:$ORDERER_CA_PORT" "$ORDERER_CA_NAME" "$tlscert" ordererAdmin ordererAdminpw admin "$home/users/Admin@$ORDERER_DOMAIN/msp" "" "$ORDERER_DOMAIN"
}

networkUp() {
  requireTools docker fabric-ca-client
  [ -d "$ORGS_DIR" ] && fatalln "network/fabric/organizations exists: run 'scripts/fabric-network.sh down' first"
  infoln "starting the CAs"
  "${COMPOSE[@]}" up -d "$ORDERER_CA_HOST" "${CA_HOSTS[@]}"
  createOrdererCrypto
  local i
  for ((i = 0; i < ${#ORG_KEYS[@]}; i++)); do createPeerOrgCrypto "$i"; done
  infoln "starting orderers and peers"
  "${COMPOSE[@]}" up -d "${ORDERER_HOSTS[@]}" "${PEER_HOSTS[@]}"
  "${COMPOSE[@]}" ps
  successln "network up: ${#ORDERER_HOSTS[@]} orderers, ${#PEER_HOSTS[@]} peers, $((${#CA_HOSTS[@]} + 1)) CAs"
}

# ---------------------------------------------------------------- native processes (up --native)
# The process table and each process's environment are generated from network/consortium.json
# (network/fabric/native/, src: network/src/fabric/native.ts); this section only starts and stops them.
NATIVE_TABLE="$FABRIC_DIR/native/processes.tsv"
NATIVE_START_TIMEOUT=${NATIVE_START_TIMEOUT:-120}

isNative() { [ -d "$NATIVE_RUN" ]; }

# resolveFabricBin: FABRIC_BIN, else the folder above `peer` on PATH; checks the release layout.
resolveFabricBin() {
  local dir=${FABRIC_BIN:-}
  if [ -z "$dir" ] && command -v peer >/dev/null 2>&1; then dir=$(cd "$(dirname "$(command -v peer)")/.." && pwd); fi
  [ -n "$dir" ] || fatalln "no Fabric binaries: set FABRIC_BIN to a folder laid out like the release archive (bin/, config/, builders/ccaas/bin/) or put its bin/ on PATH"
  local need
  for need in bin/peer bin/orderer bin/configtxgen bin/osnadmin bin/fabric-ca-server bin/fabric-ca-client \
    config/core.yaml config/orderer.yaml builders/ccaas/bin/detect builders/ccaas/bin/build builders/ccaas/bin/release; do
    [ -e "$dir/$need" ] || fatalln "$dir/$need is missing: FABRIC_BIN must be laid out like the Fabric 2.5 release archive (plus fabric-ca's bin/)"
  done
  (cd "$dir" && pwd)
}

# useNativeBinaries: PATH and FABRIC_CFG_DIR from the binaries `up --native` recorded.
useNativeBinaries() {
  FABRIC_BIN=$(cat "$NATIVE_RUN/fabric-bin")
  export FABRIC_BIN PATH="$FABRIC_BIN/bin:$PATH" FABRIC_CFG_DIR="$FABRIC_BIN/config"
}

# exeOf KIND: the executable a live process of that kind runs (a pid file never kills a stranger).
exeOf() {
  case "$1" in ca) echo fabric-ca-server ;; orderer) echo orderer ;; peer) echo peer ;; ccaas) echo node ;; esac
}

# livePid NAME KIND: the pid from NAME's pid file if that process is alive and runs KIND's executable.
livePid() {
  local file="$NATIVE_RUN/pids/$1.pid" pid exe
  [ -f "$file" ] || return 1
  pid=$(cat "$file")
  kill -0 "$pid" 2>/dev/null || return 1
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null || true)
  [ "$(basename "${exe:-?}")" = "$(exeOf "$2")" ] || return 1
  echo "$pid"
}

portOpen() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# nativeRows KIND...: the process table rows of those kinds, in start order.
nativeRows() {
  local name kind port env want
  while IFS=$'\t' read -r name kind port env; do
    [[ "$name" == \#* || -z "$name" ]] && continue
    for want in "$@"; do
      if [ "$kind" = "$want" ]; then printf '%s\t%s\t%s\t%s\n' "$name" "$kind" "$port" "$env"; fi
    done
  done <"$NATIVE_TABLE"
}

# launch NAME KIND ENV_FILE: one process in the background, its output in native-run/logs/NAME.log.
launch() {
  local name=$1 kind=$2 env=$3
  (
    export FABRIC_DIR FABRIC_RUN="$NATIVE_RUN" FABRIC_BIN
    set -a
    # shellcheck disable=SC1090
    source "$FABRIC_DIR/$env"
    set +a
    cd "$NATIVE_RUN"
    case "$kind" in
      ca) exec fabric-ca-server start ;;
      orderer) exec orderer ;;
      peer) exec peer node start ;;
      ccaas)
        set -a
        # shellcheck disable=SC1091
        source "$FABRIC_DIR/ccaas.env"
        set +a
        cd "$FABRIC_DIR/build/chaincode-server"
        exec node node_modules/.bin/fabric-chaincode-node server --chaincode-address "$CHAINCODE_SERVER_ADDRESS" \
          --chaincode-id "${!CHAINCODE_PACKAGE_ID_VARIABLE:?run deploy --ccaas first}" \
          --chaincode-tls-cert-file "$CHAINCODE_TLS_CERT_FILE" --chaincode-tls-key-file "$CHAINCODE_TLS_KEY_FILE" ;;
    esac
  ) >>"$NATIVE_RUN/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$NATIVE_RUN/pids/$name.pid"
}

# startNative KIND...: start every process of those kinds, then wait until each accepts connections.
startNative() {
  local name kind port env rows
  rows=$(nativeRows "$@")
  while IFS=$'\t' read -r name kind port env; do
    if livePid "$name" "$kind" >/dev/null; then infoln "$name is already running"; continue; fi
    portOpen "$port" && fatalln "127.0.0.1:$port ($name) is taken by another process: stop it, or run 'scripts/fabric-network.sh down'"
    launch "$name" "$kind" "$env"
  done <<<"$rows"
  local deadline=$((SECONDS + NATIVE_START_TIMEOUT))
  while IFS=$'\t' read -r name kind port env; do
    until portOpen "$port"; do
      if ! livePid "$name" "$kind" >/dev/null; then
        tail -n 20 "$NATIVE_RUN/logs/$name.log" >&2
        fatalln "$name exited during start-up (log: network/fabric/native-run/logs/$name.log)"
      fi
      ((SECONDS < deadline)) || fatalln "$name did not listen on 127.0.0.1:$port within ${NATIVE_START_TIMEOUT}s (log: network/fabric/native-run/logs/$name.log)"
      sleep 0.5
    done
    infoln "  $kind $name listening on 127.0.0.1:$port (pid $(cat "$NATIVE_RUN/pids/$name.pid"))"
  done <<<"$rows"
}

# stopNative KIND...: TERM to every live process of those kinds at once, KILL to any left after 10 s.
stopNative() {
  local name kind port env pid rows pids=() alive=() n
  rows=$(nativeRows "$@")
  while IFS=$'\t' read -r name kind port env; do
    [ -n "$name" ] || continue
    if pid=$(livePid "$name" "$kind"); then
      kill "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
    rm -f "$NATIVE_RUN/pids/$name.pid"
  done <<<"$rows"
  for ((n = 0; n < 20; n++)); do
    alive=()
    for pid in "${pids[@]}"; do if kill -0 "$pid" 2>/dev/null; then alive+=("$pid"); fi; done
    [ "${#alive[@]}" -eq 0 ] && break
    sleep 0.5
  done
  for pid in "${pids[@]}"; do if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi; done
  infoln "stopped ${#pids[@]} $* process(es)"
}

# countLive: how many processes of the table are running.
countLive() {
  local name kind port env live=0
  while IFS=$'\t' read -r name kind port env; do
    if livePid "$name" "$kind" >/dev/null; then live=$((live + 1)); fi
  done < <(nativeRows ca orderer peer ccaas)
  echo "$live"
}

networkUpNative() {
  if isNative; then
    local live
    live=$(countLive)
    if [ "$live" -gt 0 ]; then
      successln "the native network is already running ($live processes, pid files in network/fabric/native-run/pids); 'scripts/fabric-network.sh down' stops it"
      return 0
    fi
    fatalln "network/fabric/native-run exists but nothing runs: run 'scripts/fabric-network.sh down' first"
  fi
  [ -d "$ORGS_DIR" ] && fatalln "network/fabric/organizations exists: run 'scripts/fabric-network.sh down' first"
  local bin
  bin=$(resolveFabricBin)
  mkdir -p "$NATIVE_RUN/logs" "$NATIVE_RUN/pids" "$NATIVE_RUN/data" "$NATIVE_RUN/config"
  echo "$bin" >"$NATIVE_RUN/fabric-bin"
  useNativeBinaries
  # The release's core.yaml names the ccaas builder where the peer image has it: point it at the release's copy.
  sed "s|/opt/hyperledger/ccaas_builder|$FABRIC_BIN/builders/ccaas|" "$FABRIC_BIN/config/core.yaml" >"$NATIVE_RUN/config/core.yaml"
  infoln "native network from $FABRIC_BIN ($(peer version | sed -n 's/^ Version: //p')); logs in network/fabric/native-run/logs"
  infoln "starting the CAs"
  startNative ca
  createOrdererCrypto
  local i
  for ((i = 0; i < ${#ORG_KEYS[@]}; i++)); do createPeerOrgCrypto "$i"; done
  infoln "starting orderers and peers"
  startNative orderer peer
  successln "native network up: ${#ORDERER_HOSTS[@]} orderers, ${#PEER_HOSTS[@]} peers, $((${#CA_HOSTS[@]} + 1)) CAs on 127.0.0.1 ($(countLive) processes)"
}

startChaincodeServersNative() {
  infoln "starting one chaincode server per organisation (fabric-chaincode-node server)"
  stopNative ccaas
  startNative ccaas
}

# ---------------------------------------------------------------- channel
ordererTls() { echo "$ORGS_DIR/ordererOrganizations/$ORDERER_DOMAIN/orderers/${ORDERER_HOSTS[$1]}/tls"; }
ORDERER_CA_FILE() { echo "$ORGS_DIR/ordererOrganizations/$ORDERER_DOMAIN/tlsca/tlsca-cert.pem"; }

# setGlobals I: peer CLI environment acting as organisation I's admin on its peer.
setGlobals() {
  local i=$1 domain=${ORG_DOMAINS[$1]}
  export FABRIC_CFG_PATH
  FABRIC_CFG_PATH=$(fabricCfg)
  export CORE_PEER_TLS_ENABLED=true
  export CORE_PEER_LOCALMSPID=${ORG_MSPS[$i]}
  export CORE_PEER_TLS_ROOTCERT_FILE="$ORGS_DIR/peerOrganizations/$domain/tlsca/tlsca-cert.pem"
  export CORE_PEER_MSPCONFIGPATH="$ORGS_DIR/peerOrganizations/$domain/users/Admin@$domain/msp"
  export CORE_PEER_ADDRESS="localhost:${PEER_PORTS[$i]}"
}

createChannel() {
  requireTools configtxgen osnadmin peer
  mkdir -p "$ARTIFACTS"
  local block="$ARTIFACTS/$CHANNEL_NAME.block" n i
  infoln "genesis block of channel $CHANNEL_NAME (profile $CHANNEL_PROFILE, no system channel)"
  local configtx="$FABRIC_DIR/configtx"
  isNative && configtx="$FABRIC_DIR/native/configtx"
  FABRIC_CFG_PATH="$configtx" configtxgen -profile "$CHANNEL_PROFILE" -outputBlock "$block" -channelID "$CHANNEL_NAME"
  for ((n = 0; n < ${#ORDERER_HOSTS[@]}; n++)); do
    infoln "joining ${ORDERER_HOSTS[$n]} (osnadmin, admin port ${ORDERER_ADMIN_PORTS[$n]})"
    retry "osnadmin channel join ${ORDERER_HOSTS[$n]}" osnadmin channel join --channelID "$CHANNEL_NAME" --config-block "$block" \
      -o "localhost:${ORDERER_ADMIN_PORTS[$n]}" --ca-file "$(ORDERER_CA_FILE)" \
      --client-cert "$(ordererTls "$n")/server.crt" --client-key "$(ordererTls "$n")/server.key"
  done
  for ((i = 0; i < ${#ORG_KEYS[@]}; i++)); do
    setGlobals "$i"
    infoln "joining ${PEER_HOSTS[$i]}"
    retry "peer channel join ${PEER_HOSTS[$i]}" peer channel join -b "$block"
  done
  successln "channel $CHANNEL_NAME joined by ${#ORDERER_HOSTS[@]} orderers and ${#PEER_HOSTS[@]} peers (anchor peers are in the genesis block)"
}

# ---------------------------------------------------------------- chaincode lifecycle
ordererArgs() {
  echo -o "localhost:${ORDERER_PORTS[0]}" --ordererTLSHostnameOverride "${ORDERER_HOSTS[0]}" --tls --cafile "$(ORDERER_CA_FILE)"
}

# nextSequence: the committed definition's sequence + 1 (an upgrade), or the consortium's sequence.
nextSequence() {
  setGlobals 0
  local committed
  if committed=$(peer lifecycle chaincode querycommitted --channelID "$CHANNEL_NAME" --name "$CHAINCODE_NAME" --output json 2>/dev/null); then
    echo $(($(node -e 'process.stdout.write(String(JSON.parse(require("fs").readFileSync(0, "utf8")).sequence))' <<<"$committed") + 1))
  else
    echo "$CHAINCODE_SEQUENCE"
  fi
}

deployChaincode() {
  local mode=${1:---ccaas}
  if isNative; then
    [ "$mode" = --node ] && fatalln "deploy --node needs Docker: the peer builds standard Node chaincode in a fabric-nodeenv container. On the native network use 'scripts/fabric-network.sh deploy --ccaas' (the chaincode runs as a server process per organisation)"
    requireTools peer node
  else
    requireTools peer node docker
  fi
  [ -f "$ROOT/build/scripts/package-chaincode.js" ] || fatalln "run npm run build first"
  local sequence collections=() i pkg package_id
  sequence=$(nextSequence)
  [ "$HAS_COLLECTIONS" = 1 ] && collections=(--collections-config "$FABRIC_DIR/chaincode/collections_config.json")
  infoln "deploying $CHAINCODE_NAME ($CHAINCODE_LABEL) as ${mode#--}, sequence $sequence, policy $CHAINCODE_POLICY"
  if [ "$mode" = --ccaas ] && isNative; then
    node "$ROOT/build/scripts/package-chaincode.js" --out "$FABRIC_DIR/build" --server --native
  elif [ "$mode" = --ccaas ]; then
    node "$ROOT/build/scripts/package-chaincode.js" --out "$FABRIC_DIR/build" --server
  else
    node "$ROOT/build/scripts/package-chaincode.js" --out "$FABRIC_DIR/build"
  fi
  : >"$FABRIC_DIR/ccaas.env"
  for ((i = 0; i < ${#ORG_KEYS[@]}; i++)); do
    setGlobals "$i"
    if [ "$mode" = --ccaas ]; then pkg="$FABRIC_DIR/build/ccaas/$CHAINCODE_LABEL-${ORG_KEYS[$i]}.tar.gz"; else pkg="$FABRIC_DIR/build/$CHAINCODE_LABEL.tar.gz"; fi
    package_id=$(peer lifecycle chaincode calculatepackageid "$pkg")
    if ! peer lifecycle chaincode queryinstalled --output json | grep -q "\"$package_id\""; then
      infoln "installing on ${PEER_HOSTS[$i]} ($package_id)"
      retry "install on ${PEER_HOSTS[$i]}" peer lifecycle chaincode install "$pkg"
    fi
    echo "${CCAAS_PACKAGE_ID_VARS[$i]}=$package_id" >>"$FABRIC_DIR/ccaas.env"
    infoln "approving for ${ORG_MSPS[$i]}"
    # shellcheck disable=SC2046
    retry "approveformyorg ${ORG_MSPS[$i]}" peer lifecycle chaincode approveformyorg $(ordererArgs) --channelID "$CHANNEL_NAME" \
      --name "$CHAINCODE_NAME" --version "$CHAINCODE_VERSION" --package-id "$package_id" --sequence "$sequence" \
      --signature-policy "$CHAINCODE_POLICY" "${collections[@]}"
  done
  if [ "$mode" = --ccaas ] && isNative; then
    startChaincodeServersNative
  elif [ "$mode" = --ccaas ]; then
    infoln "starting one chaincode server per organisation"
    "${COMPOSE[@]}" --env-file "$FABRIC_DIR/ccaas.env" --profile ccaas up -d "${CCAAS_HOSTS[@]}"
  fi
  setGlobals 0
  peer lifecycle chaincode checkcommitreadiness --channelID "$CHANNEL_NAME" --name "$CHAINCODE_NAME" --version "$CHAINCODE_VERSION" \
    --sequence "$sequence" --signature-policy "$CHAINCODE_POLICY" "${collections[@]}" --output json
  local peers=()
  for ((i = 0; i < ${#ORG_KEYS[@]}; i++)); do
    peers+=(--peerAddresses "localhost:${PEER_PORTS[$i]}" --tlsRootCertFiles "$ORGS_DIR/peerOrganizations/${ORG_DOMAINS[$i]}/tlsca/tlsca-cert.pem")
  done
  # shellcheck disable=SC2046
  retry "commit" peer lifecycle chaincode commit $(ordererArgs) --channelID "$CHANNEL_NAME" --name "$CHAINCODE_NAME" \
    --version "$CHAINCODE_VERSION" --sequence "$sequence" --signature-policy "$CHAINCODE_POLICY" "${collections[@]}" "${peers[@]}"
  peer lifecycle chaincode querycommitted --channelID "$CHANNEL_NAME" --name "$CHAINCODE_NAME"
  successln "chaincode $CHAINCODE_NAME committed at sequence $sequence"
}

enroll() {
  requireTools node
  [ -f "$ROOT/build/scripts/fabric-enroll.js" ] || fatalln "run npm run build first"
  node "$ROOT/build/scripts/fabric-enroll.js" --profiles "$FABRIC_DIR/connection-profiles" --wallet "$FABRIC_DIR/wallet"
  # Copies of the profiles with the TLS certificates inlined, for tools that resolve paths against
  # their working directory (Caliper, fabric-network used directly).
  mkdir -p "$FABRIC_DIR/build/connection-profiles"
  node -e '
    const { loadConnectionProfiles } = require(process.argv[1]);
    const fs = require("fs"), path = require("path");
    for (const file of fs.readdirSync(process.argv[2]).filter((f) => f.endsWith(".json"))) {
      const [profile] = loadConnectionProfiles(path.join(process.argv[2], file)).values();
      fs.writeFileSync(path.join(process.argv[3], file), JSON.stringify(profile, null, 2));
    }' "$ROOT/build/gateway/src/ledger/fabric/connection-profiles.js" "$FABRIC_DIR/connection-profiles" "$FABRIC_DIR/build/connection-profiles"
  successln "wallet network/fabric/wallet; profiles with inlined certificates in network/fabric/build/connection-profiles"
}

networkDown() {
  if isNative; then
    stopNative ca orderer peer ccaas
    rm -rf "$NATIVE_RUN"
  elif ! docker compose version >/dev/null 2>&1; then
    infoln "no native network running and no docker compose: deleting the files of earlier runs only"
  else
    "${COMPOSE[@]}" --profile ccaas down --volumes --remove-orphans
    # Chaincode containers the peers started for standard Node chaincode (named dev-peer0...).
    docker ps -aq --filter "name=dev-peer0" | xargs -r docker rm -f
  fi
  rm -rf "$ORGS_DIR" "$ARTIFACTS" "$FABRIC_DIR/build" "$FABRIC_DIR/wallet" "$FABRIC_DIR/ccaas.env"
  find "$FABRIC_DIR/fabric-ca" -mindepth 2 -maxdepth 2 ! -name fabric-ca-server-config.yaml -exec rm -rf {} +
  successln "network down, crypto material and ledgers deleted"
}

isNative && [ "${1:-}" != up ] && [ -f "$NATIVE_RUN/fabric-bin" ] && useNativeBinaries

case "${1:-}" in
  up) if [ "${2:-}" = --native ]; then networkUpNative; else networkUp; fi ;;
  createChannel) createChannel ;;
  deploy) deployChaincode "${2:---ccaas}" ;;
  enroll) enroll ;;
  down) networkDown ;;
  *) sed -n '7,13p' "$0"; exit 1 ;;
esac

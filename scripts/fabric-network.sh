#!/usr/bin/env bash
#
# Real Hyperledger Fabric 2.5 network for the consortium, in the style of fabric-samples'
# test-network/network.sh. Everything organisation-specific comes from
# network/fabric/network.env, generated from network/consortium.json (npm run fabric:generate).
#
#   scripts/fabric-network.sh up               CAs, crypto material from the CAs, 3 Raft orderers, one peer per org
#   scripts/fabric-network.sh createChannel    channel genesis block (configtxgen), osnadmin channel join, peer channel join
#   scripts/fabric-network.sh deploy [--ccaas|--node]
#                                              package, install, approveformyorg, commit (sequence bumps on upgrade)
#   scripts/fabric-network.sh enroll           demo identities into network/fabric/wallet (fabric-ca-client npm package)
#   scripts/fabric-network.sh down             stop everything and delete crypto material, ledgers and wallet
#
# Needs: docker with compose v2, and the Fabric 2.5 binaries (peer, configtxgen, osnadmin,
# fabric-ca-client) on PATH with their config folder in FABRIC_CFG_DIR (default: ../config
# beside the peer binary, as the fabric-samples install script lays them out).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FABRIC_DIR="$ROOT/network/fabric"
ORGS_DIR="$FABRIC_DIR/organizations"
ARTIFACTS="$FABRIC_DIR/channel-artifacts"
# shellcheck source=../network/fabric/network.env
source "$FABRIC_DIR/network.env"
COMPOSE=(docker compose -f "$FABRIC_DIR/compose/docker-compose.yaml")
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
    [ -f "$FABRIC_DIR/fabric-ca/$dir/tls-cert.pem" ] && return 0
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
  FABRIC_CA_CLIENT_HOME=$home fabric-ca-client register --caname "$caname" --id.name "$id" --id.secret "$secret" --id.type "$type" --tls.certfiles "$tlscert" >/dev/null
  fabric-ca-client enroll -u "https://$id:$secret@$url" --caname "$caname" -M "$msp" --csr.hosts "$host" --csr.hosts localhost --tls.certfiles "$tlscert" >/dev/null
  cp "$home/msp/config.yaml" "$msp/config.yaml"
  if [ -n "$tls" ]; then
    fabric-ca-client enroll -u "https://$id:$secret@$url" --caname "$caname" -M "$tls" --enrollment.profile tls --csr.hosts "$host" --csr.hosts localhost --tls.certfiles "$tlscert" >/dev/null
    cp "$tls"/tlscacerts/* "$tls/ca.crt"
    cp "$tls"/signcerts/* "$tls/server.crt"
    cp "$tls"/keystore/* "$tls/server.key"
  fi
}

# enrollOrg HOME CA_DIR CA_PORT CA_NAME: enrol the CA registrar and write the organisation MSP.
enrollOrg() {
  local home=$1 cadir=$2 port=$3 caname=$4
  local tlscert="$FABRIC_DIR/fabric-ca/$cadir/tls-cert.pem"
  waitForCa "$cadir"
  mkdir -p "$home"
  FABRIC_CA_CLIENT_HOME=$home fabric-ca-client enroll -u "https://admin:adminpw@localhost:$port" --caname "$caname" --tls.certfiles "$tlscert" >/dev/null
  nodeOUs "localhost-$port-$caname.pem" >"$home/msp/config.yaml"
  mkdir -p "$home/msp/tlscacerts" "$home/tlsca"
  cp "$home/msp/cacerts/"* "$home/msp/tlscacerts/ca.crt"
  cp "$home/msp/cacerts/"* "$home/tlsca/tlsca-cert.pem"
}

createPeerOrgCrypto() {
  local i=$1
  local domain=${ORG_DOMAINS[$i]} port=${CA_PORTS[$i]} caname=${CA_NAMES[$i]} cadir=${CA_DIRS[$i]} peer=${PEER_HOSTS[$i]}
  local home="$ORGS_DIR/peerOrganizations/$domain" tlscert="$FABRIC_DIR/fabric-ca/$cadir/tls-cert.pem"
  infoln "crypto material for ${ORG_MSPS[$i]} from $caname"
  enrollOrg "$home" "$cadir" "$port" "$caname"
  enrollNode "$home" "localhost:$port" "$caname" "$tlscert" peer0 peer0pw peer "$home/peers/$peer/msp" "$home/peers/$peer/tls" "$peer"
  enrollNode "$home" "localhost:$port" "$caname" "$tlscert" "${ORG_KEYS[$i]}admin" "${ORG_KEYS[$i]}adminpw" admin "$home/users/Admin@$domain/msp" "" "$domain"
  # The chaincode-as-a-service server's TLS certificate (connection.json sets tls_required).
  enrollNode "$home" "localhost:$port" "$caname" "$tlscert" ccaas ccaaspw client "$home/ccaas/msp" "$home/ccaas/tls" "${CCAAS_HOSTS[$i]}"
}

createOrdererCrypto() {
  local home="$ORGS_DIR/ordererOrganizations/$ORDERER_DOMAIN" tlscert="$FABRIC_DIR/fabric-ca/$ORDERER_CA_DIR/tls-cert.pem" host n
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
  FABRIC_CFG_PATH="$FABRIC_DIR/configtx" configtxgen -profile "$CHANNEL_PROFILE" -outputBlock "$block" -channelID "$CHANNEL_NAME"
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
  requireTools peer node docker
  [ -f "$ROOT/build/scripts/package-chaincode.js" ] || fatalln "run npm run build first"
  local sequence collections=() i pkg package_id
  sequence=$(nextSequence)
  [ "$HAS_COLLECTIONS" = 1 ] && collections=(--collections-config "$FABRIC_DIR/chaincode/collections_config.json")
  infoln "deploying $CHAINCODE_NAME ($CHAINCODE_LABEL) as ${mode#--}, sequence $sequence, policy $CHAINCODE_POLICY"
  if [ "$mode" = --ccaas ]; then
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
  if [ "$mode" = --ccaas ]; then
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
  requireTools docker
  "${COMPOSE[@]}" --profile ccaas down --volumes --remove-orphans
  # Chaincode containers the peers started for standard Node chaincode (named dev-peer0...).
  docker ps -aq --filter "name=dev-peer0" | xargs -r docker rm -f
  rm -rf "$ORGS_DIR" "$ARTIFACTS" "$FABRIC_DIR/build" "$FABRIC_DIR/wallet" "$FABRIC_DIR/ccaas.env"
  find "$FABRIC_DIR/fabric-ca" -mindepth 2 -maxdepth 2 ! -name fabric-ca-server-config.yaml -exec rm -rf {} +
  successln "network down, crypto material and ledgers deleted"
}

case "${1:-}" in
  up) networkUp ;;
  createChannel) createChannel ;;
  deploy) deployChaincode "${2:---ccaas}" ;;
  enroll) enroll ;;
  down) networkDown ;;
  *) sed -n '7,12p' "$0"; exit 1 ;;
esac

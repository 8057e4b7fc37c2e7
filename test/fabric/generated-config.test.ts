/**
 * The committed real-Fabric configs (network/fabric) are what the generator makes from the
 * one consortium file, parse with a YAML parser, and agree with each other and with the
 * consortium: organisations, MSP ids, policies, ports.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConsortium } from '../../network/src/consortium';
import { generateFabricFiles } from '../../network/src/fabric/generate';
import { fabricTopology, publishedPorts } from '../../network/src/fabric/topology';
import { driftedFiles } from '../../network/src/fabric/write-files';

const FABRIC_DIR = join(__dirname, '..', '..', '..', 'network', 'fabric');
const consortium = loadConsortium();
const topology = fabricTopology(consortium);
const peerMsps = consortium.organizations.map((o) => o.mspId);

/* eslint-disable @typescript-eslint/no-explicit-any -- parsed YAML is untyped; the assertions are the schema */
function yamlFile(path: string): any {
  return parse(readFileSync(join(FABRIC_DIR, path), 'utf8'));
}
function jsonFile(path: string): any {
  return JSON.parse(readFileSync(join(FABRIC_DIR, path), 'utf8'));
}

describe('network/fabric generated configs', () => {
  it('has no drift: every committed file equals what the generator makes from network/consortium.json', () => {
    expect(driftedFiles(FABRIC_DIR, generateFabricFiles(consortium))).to.deep.equal([]);
  });

  describe('configtx.yaml', () => {
    const configtx = yamlFile('configtx/configtx.yaml');
    const profile = configtx.Profiles.DataAssetChannel;

    it('puts every consortium organisation on the application channel with its MSP id and MSP dir', () => {
      const orgs = profile.Application.Organizations as any[];
      expect(orgs.map((o) => o.ID)).to.deep.equal(peerMsps);
      for (const o of orgs) {
        expect(o.Name).to.equal(o.ID);
        expect(o.MSPDir).to.match(/^\.\.\/organizations\/peerOrganizations\/[a-z]+\.dal\.example\.com\/msp$/);
        expect(o.Policies.Endorsement).to.deep.equal({ Type: 'Signature', Rule: `OR('${o.ID}.peer')` });
        expect(o.AnchorPeers).to.have.length(1);
      }
    });

    it('endorses by MAJORITY Endorsement by default and for lifecycle', () => {
      expect(profile.Application.Policies.Endorsement).to.deep.equal({ Type: 'ImplicitMeta', Rule: 'MAJORITY Endorsement' });
      expect(profile.Application.Policies.LifecycleEndorsement).to.deep.equal({ Type: 'ImplicitMeta', Rule: 'MAJORITY Endorsement' });
    });

    it('orders with three etcdraft consenters of one ordering organisation and no system channel', () => {
      expect(profile.Orderer.OrdererType).to.equal('etcdraft');
      expect(profile.Orderer.EtcdRaft.Consenters).to.have.length(3);
      expect((profile.Orderer.Organizations as any[]).map((o) => o.ID)).to.deep.equal([consortium.ordering.mspId]);
      expect(profile).to.not.have.property('Consortiums');
      expect(profile).to.not.have.property('Consortium');
    });

    it('uses the consortium batch settings', () => {
      expect(profile.Orderer.BatchSize.MaxMessageCount).to.equal(consortium.ordering.batchSize.maxMessageCount);
      expect(profile.Orderer.BatchTimeout).to.equal(`${consortium.ordering.batchTimeoutMs}ms`);
      expect(profile.Orderer.BatchSize.AbsoluteMaxBytes).to.equal(`${consortium.ordering.batchSize.absoluteMaxBytes / 1048576} MB`);
    });

    it('anchors each organisation at the host and port its peer listens on in compose', () => {
      const compose = yamlFile('compose/docker-compose.yaml');
      for (const o of profile.Application.Organizations as any[]) {
        const anchor = o.AnchorPeers[0];
        const env: string[] = compose.services[anchor.Host].environment;
        expect(env).to.include(`CORE_PEER_ADDRESS=${anchor.Host}:${anchor.Port}`);
        expect(env).to.include(`CORE_PEER_LOCALMSPID=${o.ID}`);
      }
    });
  });

  describe('docker-compose.yaml', () => {
    const compose = yamlFile('compose/docker-compose.yaml');
    const services = compose.services as Record<string, any>;
    const byImage = (fragment: string): string[] => Object.keys(services).filter((s) => String(services[s].image).includes(fragment));

    it('runs a CA per organisation, three orderers, one peer per organisation and one CCaaS server per organisation', () => {
      expect(byImage('fabric-ca')).to.have.length(peerMsps.length + 1);
      expect(byImage('fabric-orderer')).to.have.length(3);
      expect(byImage('fabric-peer')).to.have.length(peerMsps.length);
      expect(Object.values(services).filter((s) => (s.profiles ?? []).includes('ccaas'))).to.have.length(peerMsps.length);
    });

    it('gives every CCaaS chaincode container the endorsers\' time window, 300 seconds unless the operator sets DAL_TIME_WINDOW_SECONDS', () => {
      const ccaas = Object.values(services).filter((s) => (s.profiles ?? []).includes('ccaas'));
      for (const service of ccaas) expect(service.environment).to.include('DAL_TIME_WINDOW_SECONDS=${DAL_TIME_WINDOW_SECONDS:-300}');
    });

    it('enables TLS, LevelDB and operations endpoints on every peer and channel participation on every orderer', () => {
      for (const name of byImage('fabric-peer')) {
        const env: string[] = services[name].environment;
        expect(env).to.include('CORE_PEER_TLS_ENABLED=true');
        expect(env).to.include('CORE_LEDGER_STATE_STATEDATABASE=goleveldb');
        expect(env.some((e) => e.startsWith('CORE_OPERATIONS_LISTENADDRESS=0.0.0.0:'))).to.equal(true);
      }
      for (const name of byImage('fabric-orderer')) {
        const env: string[] = services[name].environment;
        expect(env).to.include('ORDERER_GENERAL_TLS_ENABLED=true');
        expect(env).to.include('ORDERER_GENERAL_BOOTSTRAPMETHOD=none');
        expect(env).to.include('ORDERER_CHANNELPARTICIPATION_ENABLED=true');
        expect(env).to.include('ORDERER_ADMIN_TLS_ENABLED=true');
      }
      for (const name of byImage('fabric-ca')) expect(services[name].environment).to.include('FABRIC_CA_SERVER_TLS_ENABLED=true');
    });

    it('publishes each host port once, on the same port inside the container', () => {
      const published: string[] = Object.values(services).flatMap((s) => s.ports ?? []);
      const hostPorts = published.map((p) => p.split(':')[0]);
      expect(new Set(hostPorts).size).to.equal(hostPorts.length);
      for (const p of published) expect(p.split(':')[0]).to.equal(p.split(':')[1]);
      expect(published.length).to.equal(publishedPorts(topology).length);
    });
  });

  describe('fabric-ca server configs', () => {
    it('bootstraps a registrar allowed to register peers, admins and users with dal.role and dal.entity', () => {
      for (const p of topology.peerOrgs) {
        const config = yamlFile(`fabric-ca/${p.ca.dir}/fabric-ca-server-config.yaml`);
        const registrar = config.registry.identities[0];
        expect(registrar.attrs['hf.Registrar.Roles'].split(',')).to.include.members(['peer', 'client', 'admin']);
        expect(registrar.attrs['hf.Registrar.Attributes'].split(',')).to.include.members(['dal.role', 'dal.entity']);
        expect(config.affiliations).to.have.property(p.key);
        expect(config.ca.name).to.equal(p.ca.name);
        expect(config.port).to.equal(p.ca.ports.listen);
        expect(config.tls.enabled).to.equal(true);
      }
    });
  });

  describe('connection profiles', () => {
    it('give each organisation its MSP id, its peer and its CA at the ports compose publishes', () => {
      const compose = yamlFile('compose/docker-compose.yaml');
      for (const p of topology.peerOrgs) {
        const ccp = jsonFile(`connection-profiles/${p.key}.json`);
        expect(ccp.organizations[ccp.client.organization].mspid).to.equal(p.mspId);
        const peerPort = ccp.peers[p.peerHost].url.split(':').pop();
        expect(compose.services[p.peerHost].ports).to.include(`${peerPort}:${peerPort}`);
        const caPort = ccp.certificateAuthorities[p.ca.host].url.split(':').pop();
        expect(compose.services[p.ca.host].ports).to.include(`${caPort}:${caPort}`);
        expect(ccp.certificateAuthorities[p.ca.host].caName).to.equal(p.ca.name);
      }
    });

    it('trust each CA\'s TLS through the root certificate fabric-ca writes (ca-cert.pem), not its TLS leaf, which Node\'s TLS refuses as an anchor', () => {
      for (const p of topology.peerOrgs) {
        const ccp = jsonFile(`connection-profiles/${p.key}.json`);
        expect(ccp.certificateAuthorities[p.ca.host].tlsCACerts.path).to.equal(`../fabric-ca/${p.ca.dir}/ca-cert.pem`);
      }
    });
  });

  describe('native network (scripts/fabric-network.sh up --native)', () => {
    const compose = yamlFile('compose/docker-compose.yaml');
    const rows = readFileSync(join(FABRIC_DIR, 'native/processes.tsv'), 'utf8').split('\n')
      .filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
    const envOf = (file: string): Record<string, string> => Object.fromEntries(readFileSync(join(FABRIC_DIR, file), 'utf8').split('\n')
      .filter((l) => l && !l.startsWith('#')).map((l) => [l.slice(0, l.indexOf('=')), JSON.parse(l.slice(l.indexOf('=') + 1))]));

    it('runs one process for every CA, orderer, peer and chaincode server of the compose file, in that order', () => {
      expect(rows.map((r) => r[0])).to.have.members(Object.keys(compose.services));
      const kinds = rows.map((r) => r[1]);
      expect(kinds).to.deep.equal([...kinds].sort((a, b) => ['ca', 'orderer', 'peer', 'ccaas'].indexOf(a!) - ['ca', 'orderer', 'peer', 'ccaas'].indexOf(b!)));
      expect(kinds.filter((k) => k === 'peer')).to.have.length(peerMsps.length);
    });

    it('listens on 127.0.0.1 only, each process on the port compose publishes for it (chaincode servers on ports of their own)', () => {
      const ports = new Set<string>();
      for (const [name, kind, port, envFile] of rows) {
        const env = envOf(envFile!);
        const listens = Object.entries(env).filter(([k]) => /LISTENADDRESS$|^FABRIC_CA_SERVER_ADDRESS$|^CHAINCODE_SERVER_ADDRESS$/.test(k)).map(([, v]) => v);
        expect(listens.length, name).to.be.greaterThan(0);
        for (const address of listens) {
          expect(address, name).to.match(/^127\.0\.0\.1(:\d+)?$/);
          const own = address.split(':')[1];
          if (own) {
            expect(ports.has(own), `${name} reuses ${own}`).to.equal(false);
            ports.add(own);
          }
        }
        if (kind !== 'ccaas') expect(compose.services[name!].ports, name).to.include(`${port}:${port}`);
      }
    });

    it('announces every peer and orderer as localhost, in the process environment and in the native channel configuration', () => {
      const native = yamlFile('native/configtx/configtx.yaml').Profiles.DataAssetChannel;
      for (const o of native.Application.Organizations as any[]) expect(o.AnchorPeers[0].Host).to.equal('localhost');
      for (const c of native.Orderer.EtcdRaft.Consenters as any[]) expect(c.Host).to.equal('localhost');
      expect(native.Orderer.Addresses.every((a: string) => a.startsWith('localhost:'))).to.equal(true);
      for (const [name, kind, port, envFile] of rows.filter((r) => r[1] === 'peer')) {
        const env = envOf(envFile!);
        expect(env.CORE_PEER_ADDRESS, `${name} ${kind}`).to.equal(`localhost:${port}`);
        expect(env.CORE_PEER_GOSSIP_EXTERNALENDPOINT).to.equal(`localhost:${port}`);
        expect(env.FABRIC_CFG_PATH).to.equal('$FABRIC_RUN/config');
      }
    });

    it('gives the shell environment files it can source: every value double-quoted, referring only to FABRIC_DIR, FABRIC_RUN and FABRIC_BIN', () => {
      const files = rows.map((r) => join(FABRIC_DIR, r[3]!));
      const script = 'set -eu; for f in "$@"; do (set -a; source "$f"; echo "### $f"; env); done';
      const out = execFileSync('bash', ['--norc', '--noprofile', '-c', script, 'bash', ...files], {
        encoding: 'utf8', env: { PATH: process.env.PATH, FABRIC_DIR: '/F', FABRIC_RUN: '/R', FABRIC_BIN: '/B' },
      }).split('### ').slice(1);
      expect(out).to.have.length(rows.length);
      rows.forEach(([, , , envFile], i) => {
        for (const [key, value] of Object.entries(envOf(envFile!))) {
          const expanded = value.replace(/\$FABRIC_DIR/g, '/F').replace(/\$FABRIC_RUN/g, '/R').replace(/\$FABRIC_BIN/g, '/B');
          expect(out[i]).to.include(`\n${key}=${expanded}\n`);
        }
      });
    });
  });

  it('writes the consortium collections as the lifecycle collections config', () => {
    expect(jsonFile('chaincode/collections_config.json')).to.deep.equal(JSON.parse(JSON.stringify(consortium.chaincode.collections)));
  });

  it('points each organisation\'s CCaaS connection.json at its own chaincode server container', () => {
    const compose = yamlFile('compose/docker-compose.yaml');
    expect(jsonFile('chaincode/ccaas/metadata.json')).to.deep.equal({ type: 'ccaas', label: `${consortium.chaincode.name}_${consortium.chaincode.version}` });
    for (const p of topology.peerOrgs) {
      const connection = jsonFile(`chaincode/ccaas/${p.key}/connection.json`);
      const [host, port] = connection.address.split(':');
      expect(compose.services[host].command).to.include(`0.0.0.0:${port}`);
      expect(connection.tls_required).to.equal(true);
    }
  });

  it('gives the network scripts the topology as bash arrays that survive quoting (the endorsement policy included)', () => {
    const out = execFileSync('bash', ['-c', 'source network.env && printf "%s\\n" "$CHAINCODE_POLICY" "${ORG_MSPS[*]}" "${#ORDERER_HOSTS[@]}"'], { cwd: FABRIC_DIR, encoding: 'utf8' });
    expect(out.split('\n').slice(0, 3)).to.deep.equal([consortium.chaincode.endorsementPolicy, peerMsps.join(' '), '3']);
  });
});

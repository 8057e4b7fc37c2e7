/**
 * The consortium definition: one JSON file (network/consortium.json) that both the embedded
 * network and the generated real-Fabric configs read. This module loads and checks it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type OrganizationType = 'registry' | 'exchange' | 'bank' | 'regulator' | 'appraiser';
export const ORGANIZATION_TYPES: readonly OrganizationType[] = ['registry', 'exchange', 'bank', 'regulator', 'appraiser'];

export type Role = 'registrar' | 'holder' | 'operator' | 'appraiser' | 'exchange' | 'bank' | 'regulator' | 'auditor' | 'admin';
export const ROLES: readonly Role[] = ['registrar', 'holder', 'operator', 'appraiser', 'exchange', 'bank', 'regulator', 'auditor', 'admin'];

export interface Organization {
  readonly mspId: string;
  readonly type: OrganizationType;
  /** Short lowercase key used in host names and file names (e.g. `taizhou`). */
  readonly key: string;
  readonly name: string;
  readonly nameZh: string;
  /** Administrative division code; registries only (泰州 321200). */
  readonly cityCode?: string;
  /** Default publicity (公示) period in days; registries only. */
  readonly publicityDays?: number;
}

export interface CollectionDefinition {
  readonly name: string;
  readonly policy: string;
  readonly requiredPeerCount: number;
  readonly maxPeerCount: number;
  readonly blockToLive: number;
  readonly memberOnlyRead: boolean;
  readonly memberOnlyWrite: boolean;
  /** Collection-level endorsement policy (Fabric signature policy syntax); the chaincode's when absent. */
  readonly endorsementPolicy?: string;
}

export interface ChaincodeDefinition {
  readonly name: string;
  readonly version: string;
  readonly sequence: number;
  /** Fabric signature policy syntax, e.g. `OutOf(2, 'Org1MSP.peer', 'Org2MSP.peer')`. */
  readonly endorsementPolicy: string;
  readonly collections: readonly CollectionDefinition[];
}

export interface BatchSize {
  readonly maxMessageCount: number;
  readonly absoluteMaxBytes: number;
  readonly preferredMaxBytes: number;
}

export interface OrderingService {
  readonly mspId: string;
  readonly name: string;
  readonly nameZh: string;
  readonly batchSize: BatchSize;
  readonly batchTimeoutMs: number;
}

export interface DemoIdentity {
  /** The name used in demo-credentials.json (`taizhou-registrar`). */
  readonly name: string;
  readonly mspId: string;
  readonly enrollmentId: string;
  readonly roles: readonly Role[];
  /** Unified social credit code (统一社会信用代码) or `np:<salted hash>` for a natural person. */
  readonly entity?: string;
  readonly entityName?: string;
}

export interface Consortium {
  readonly name: string;
  readonly channelName: string;
  readonly chaincode: ChaincodeDefinition;
  readonly ordering: OrderingService;
  readonly organizations: readonly Organization[];
  readonly demoIdentities: readonly DemoIdentity[];
}

/** Where the one consortium file lives in this repository. */
export const CONSORTIUM_FILE = join(__dirname, '..', '..', '..', 'network', 'consortium.json');

export class ConsortiumDefinitionError extends Error {
  override readonly name = 'ConsortiumDefinitionError';
}

/** Reads and checks the consortium file; throws ConsortiumDefinitionError naming the first problem. */
export function loadConsortium(file: string = CONSORTIUM_FILE): Consortium {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConsortiumDefinitionError(`cannot read consortium file ${file}: ${(err as Error).message}`);
  }
  return checkConsortium(raw);
}

/** Checks a parsed consortium definition and returns it frozen. */
export function checkConsortium(raw: unknown): Consortium {
  const c = raw as Consortium;
  const fail = (msg: string): never => {
    throw new ConsortiumDefinitionError(`consortium definition: ${msg}`);
  };
  if (!c || typeof c !== 'object') fail('not an object');
  if (!/^[a-z][a-z0-9.-]*$/.test(c.channelName ?? '')) fail('channelName must be a lowercase Fabric channel name');
  if (!c.chaincode?.name || !c.chaincode.endorsementPolicy) fail('chaincode.name and chaincode.endorsementPolicy are required');
  if (!Array.isArray(c.organizations) || c.organizations.length === 0) fail('organizations must be a non-empty list');
  const msps = new Set<string>();
  for (const org of c.organizations) {
    if (!/^[A-Za-z][A-Za-z0-9]*MSP$/.test(org.mspId ?? '')) fail(`organization mspId ${String(org.mspId)} must end in MSP`);
    if (msps.has(org.mspId)) fail(`duplicate mspId ${org.mspId}`);
    msps.add(org.mspId);
    if (!ORGANIZATION_TYPES.includes(org.type)) fail(`${org.mspId}: unknown type ${String(org.type)}`);
    if (org.type === 'registry' && !/^\d{6}$/.test(org.cityCode ?? '')) fail(`${org.mspId}: a registry needs a 6-digit cityCode`);
  }
  if (msps.has(c.ordering?.mspId)) fail('the ordering organisation must be distinct from the peer organisations');
  const names = new Set<string>();
  for (const id of c.demoIdentities ?? []) {
    if (names.has(id.name)) fail(`duplicate demo identity ${id.name}`);
    names.add(id.name);
    if (!msps.has(id.mspId)) fail(`demo identity ${id.name}: unknown mspId ${id.mspId}`);
    for (const r of id.roles) if (!ROLES.includes(r)) fail(`demo identity ${id.name}: unknown role ${r}`);
  }
  return deepFreeze(c);
}

/** The fabric-ca attributes a demo identity is enrolled with: `dal.role` (comma-separated) and `dal.entity`. */
export function enrollmentAttributes(identity: Pick<DemoIdentity, 'roles' | 'entity'>): Record<string, string> {
  const attributes: Record<string, string> = { 'dal.role': identity.roles.join(',') };
  if (identity.entity !== undefined) attributes['dal.entity'] = identity.entity;
  return attributes;
}

export function organization(consortium: Consortium, mspId: string): Organization | undefined {
  return consortium.organizations.find((o) => o.mspId === mspId);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

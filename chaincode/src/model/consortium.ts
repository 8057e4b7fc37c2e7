/**
 * The part of network/consortium.json the chaincode needs: who is a registry (and its city
 * code and default publicity period), who is the regulator, the appraisers, banks, exchanges.
 */
import { invalid } from '../errors';

export type OrgType = 'registry' | 'exchange' | 'bank' | 'regulator' | 'appraiser';
export const ORG_TYPES: readonly OrgType[] = ['registry', 'exchange', 'bank', 'regulator', 'appraiser'];

export interface Organisation {
  mspId: string;
  type: OrgType;
  cityCode?: string;
  publicityDays?: number;
  name?: string;
  nameZh?: string;
}

export interface ConsortiumDefinition {
  name?: string;
  organizations: Organisation[];
}

export interface ConsortiumRecord extends ConsortiumDefinition {
  docType: 'consortium';
  configuredAt: string;
  configuredBy: { mspId: string; id: string };
  txId: string;
}

export const DEFAULT_PUBLICITY_DAYS = 10;
const MSP_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const CITY_CODE = /^\d{6}$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Keeps what the chaincode needs from the consortium file and sorts organisations by MSP id,
 * so that the same file always yields the same bytes (identical re-Init writes nothing).
 */
export function normaliseDefinition(input: unknown): ConsortiumDefinition {
  if (!isRecord(input)) throw invalid('consortium definition must be a JSON object');
  const orgs = input.organizations;
  if (!Array.isArray(orgs) || orgs.length === 0) throw invalid('organizations must be a non-empty array');
  const seen = new Set<string>();
  const organizations: Organisation[] = orgs.map((o, i) => {
    if (!isRecord(o)) throw invalid(`organizations[${String(i)}] must be an object`);
    const { mspId, type, cityCode, publicityDays, name, nameZh } = o;
    if (typeof mspId !== 'string' || !MSP_ID.test(mspId)) throw invalid(`organizations[${String(i)}].mspId is invalid`);
    if (seen.has(mspId)) throw invalid(`organizations[${String(i)}].mspId ${mspId} is duplicated`);
    seen.add(mspId);
    if (typeof type !== 'string' || !(ORG_TYPES as readonly string[]).includes(type)) {
      throw invalid(`organizations[${String(i)}].type must be one of ${ORG_TYPES.join(', ')}`);
    }
    const org: Organisation = { mspId, type: type as OrgType };
    if (type === 'registry') {
      if (typeof cityCode !== 'string' || !CITY_CODE.test(cityCode)) {
        throw invalid(`organizations[${String(i)}].cityCode must be a 6-digit code for a registry`);
      }
      org.cityCode = cityCode;
      const days = publicityDays ?? DEFAULT_PUBLICITY_DAYS;
      if (typeof days !== 'number' || !Number.isInteger(days) || days < 0 || days > 30) {
        throw invalid(`organizations[${String(i)}].publicityDays must be an integer 0..30`);
      }
      org.publicityDays = days;
    }
    if (typeof name === 'string') org.name = name;
    if (typeof nameZh === 'string') org.nameZh = nameZh;
    return org;
  });
  const cities = organizations.filter((o) => o.type === 'registry').map((o) => o.cityCode);
  if (new Set(cities).size !== cities.length) throw invalid('two registries share a city code');
  if (organizations.filter((o) => o.type === 'regulator').length !== 1) {
    throw invalid('the consortium needs exactly one regulator organisation');
  }
  organizations.sort((a, b) => (a.mspId < b.mspId ? -1 : a.mspId > b.mspId ? 1 : 0));
  return { ...(typeof input.name === 'string' ? { name: input.name } : {}), organizations };
}

/** Read-side view with lookups; built once per transaction from the stored record. */
export class Consortium {
  private readonly byMsp: ReadonlyMap<string, Organisation>;

  constructor(readonly definition: ConsortiumDefinition) {
    this.byMsp = new Map(definition.organizations.map((o) => [o.mspId, o]));
  }

  org(mspId: string): Organisation | undefined {
    return this.byMsp.get(mspId);
  }

  typeOf(mspId: string): OrgType | undefined {
    return this.byMsp.get(mspId)?.type;
  }

  isRegistry(mspId: string): boolean {
    return this.typeOf(mspId) === 'registry';
  }

  regulatorMspId(): string {
    const regulator = this.definition.organizations.find((o) => o.type === 'regulator');
    // normaliseDefinition guarantees exactly one.
    return regulator ? regulator.mspId : '';
  }
}

/**
 * The channel's configuration as recorded in the genesis block: organisations with their
 * root CA certificates, the orderer, batch settings and the chaincode definition. Fabric
 * records a configtx.Config here; the embedded network records this JSON (canonical, sorted
 * keys) in a CONFIG-type envelope, and every later check of signatures anchors to it.
 */
import type { BatchSize, ChaincodeDefinition, Organization } from '../consortium';
import { itemAt } from './bytes';

export interface ChannelConfig {
  readonly channelName: string;
  readonly organizations: readonly (Organization & { readonly rootCertificate: string })[];
  readonly orderer: { readonly mspId: string; readonly rootCertificate: string; readonly batchSize: BatchSize; readonly batchTimeoutMs: number };
  readonly chaincode: ChaincodeDefinition;
}

/** JSON with object keys sorted at every level: the same config always serialises to the same bytes. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

export function parseChannelConfig(bytes: Uint8Array): ChannelConfig {
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as ChannelConfig;
}

export function membersOf(policy: string): string[] {
  return [...policy.matchAll(/'([A-Za-z0-9]+MSP)\.[a-z]+'/g)].map((m) => itemAt(m, 1));
}

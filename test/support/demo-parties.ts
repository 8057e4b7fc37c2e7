/**
 * The demo consortium's parties as tests name them (network/consortium.json), a fresh dataset
 * fingerprint, and a valid application body: one definition for the chaincode, rule and HTTP tests.
 */
import { randomBytes } from 'node:crypto';

export const ENTERPRISE_A = '91321200MA1ABC123N';
export const ENTERPRISE_B = '91320900MA2DEF341G';
export const DATA_GROUP = '91321200MA3GHJ5624';
export const PERSON_1 = 'np:321200:6b1d4c2c5e0a9f3e8d7b6a5c4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f';
export const TAIZHOU = 'TaizhouRegistryMSP';
export const YANCHENG = 'YanchengRegistryMSP';
export const HUAIAN = 'HuaianRegistryMSP';
export const SHANGHAI = 'ShanghaiRegistryMSP';
export const REGULATOR = 'JiangsuRegulatorMSP';

/** A random SHA-256-shaped fingerprint: the ledger refuses a fingerprint registered twice. */
export function fingerprint(): string {
  return randomBytes(32).toString('hex');
}

/** A valid application by enterprise-a at Taizhou, holding all three rights; override any field. */
export function applicationBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    registry: TAIZHOU,
    assetType: 'resource',
    name: 'Taizhou factory sensor readings 2026 (泰州工厂传感器数据)',
    description: 'Hourly readings of 40 production lines',
    source: 'enterprise',
    category: 'manufacturing',
    grade: 'general',
    containsPersonalInfo: false,
    fingerprint: fingerprint(),
    rights: ['holding', 'processing', 'operating'].map((type) => ({ type, holder: ENTERPRISE_A })),
    metadata: { rows: 350400, format: 'parquet' },
    ...overrides,
  };
}

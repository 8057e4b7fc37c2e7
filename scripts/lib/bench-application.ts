/**
 * The application body the benchmarks file through `POST /api/v1/certificates`: a general-grade
 * enterprise dataset at Taizhou whose three rights (holding, processing, operating) are all
 * `holder`'s, with a fresh random fingerprint each time. `overrides` replaces any field (the
 * registry, name, category, asset type, parents …) for a bench that needs other values.
 */
import { randomBytes } from 'node:crypto';

export function benchApplication(holder: string, overrides: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  return {
    registry: 'TaizhouRegistryMSP',
    assetType: 'resource',
    name: 'bench dataset',
    source: 'enterprise',
    category: 'manufacturing',
    grade: 'general',
    containsPersonalInfo: false,
    fingerprint: randomBytes(32).toString('hex'),
    rights: ['holding', 'processing', 'operating'].map((type) => ({ type, holder })),
    ...overrides,
  };
}

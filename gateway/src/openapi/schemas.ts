/**
 * The published JSON Schemas (OpenAPI 3.1 dialect = JSON Schema 2020-12), one module per
 * resource under schemas/, merged here into the ONE set that the ajv validator checks requests
 * against and the OpenAPI document publishes, so what is documented is what is enforced.
 * Schemas refer to each other with `ref(name)`, which resolves both inside the OpenAPI
 * document and in the validator; two schemas of one name are refused at startup.
 */
import { auditSchemas } from './schemas/audit';
import { certificateSchemas } from './schemas/certificates';
import { commonSchemas, type JsonSchema } from './schemas/common';
import { eventSchemas } from './schemas/events';
import { gatewaySchemas } from './schemas/gateway';
import { grantSchemas } from './schemas/grants';
import { lifecycleSchemas } from './schemas/lifecycle';
import { marketSchemas } from './schemas/market';
import { pledgeSchemas } from './schemas/pledges';
import { publicitySchemas } from './schemas/publicity';
import { recognitionSchemas } from './schemas/recognitions';
import { regulationSchemas } from './schemas/regulation';
import { verificationSchemas } from './schemas/verification';
import { provenanceSchemas } from './schemas/provenance';

export { ref, type JsonSchema } from './schemas/common';

export const schemas: Readonly<Record<string, JsonSchema>> = merge(
  commonSchemas,
  gatewaySchemas,
  certificateSchemas,
  recognitionSchemas,
  grantSchemas,
  regulationSchemas,
  marketSchemas,
  verificationSchemas,
  auditSchemas,
  eventSchemas,
  pledgeSchemas,
  provenanceSchemas,
  lifecycleSchemas,
  publicitySchemas,
);

function merge(...parts: readonly Readonly<Record<string, JsonSchema>>[]): Readonly<Record<string, JsonSchema>> {
  const all: Record<string, JsonSchema> = {};
  for (const part of parts) {
    for (const [name, schema] of Object.entries(part)) {
      if (Object.prototype.hasOwnProperty.call(all, name)) throw new Error(`two published schemas are named ${name}`);
      all[name] = schema;
    }
  }
  return all;
}

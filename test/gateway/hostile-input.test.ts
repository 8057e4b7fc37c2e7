/**
 * Hostile input generated from the served OpenAPI document (test/reliability/support/openapi-fuzz.ts),
 * a few hundred cases in `npm test` (DAL_FUZZ_CASES to change, DAL_FUZZ_SEED to repeat a run);
 * `npm run test:reliability` runs 10,000. Then the targeted cases: prototype-pollution keys,
 * deep nesting, huge numbers, a body that never finishes arriving, many connections at once.
 */
import { describeHostileInput } from '../reliability/support/hostile-input';

describeHostileInput(Number(process.env.DAL_FUZZ_CASES ?? 300));

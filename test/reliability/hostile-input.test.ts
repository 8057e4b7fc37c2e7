/**
 * The 10,000-case run of the OpenAPI fuzzer (`npm run test:reliability`; DAL_FUZZ_CASES and
 * DAL_FUZZ_SEED change the count and repeat a run). `npm test` runs a few hundred of the same
 * cases from test/gateway/hostile-input.test.ts.
 */
import { describeHostileInput } from './support/hostile-input';

describeHostileInput(Number(process.env.DAL_FUZZ_CASES ?? 10_000));

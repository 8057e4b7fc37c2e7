/**
 * Loaded by `npm run test:reliability` (test/reliability/.mocharc.json) before the suite: the
 * full runs (20 kills, 10,000 hostile requests, a fresh fuzz seed) instead of the short versions
 * the same files make when run on their own (`npm test` leaves this folder out; its 300-case fuzz
 * is test/gateway/hostile-input.test.ts).
 */
process.env.DAL_RELIABILITY_FULL = '1';

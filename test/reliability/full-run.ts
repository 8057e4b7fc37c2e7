/**
 * Loaded by `npm run test:reliability` (test/reliability/.mocharc.json) before the suite: the
 * full runs (20 kills, …) instead of the short versions `npm test` runs of the same files.
 */
process.env.DAL_RELIABILITY_FULL = '1';

/**
 * `npm run ledger:verify [-- --data-dir DIR]`: re-verifies the embedded ledger from genesis
 * (hash chain, data hashes, orderer and transaction signatures; state and history replayed
 * from the valid transactions' writes) and prints a verdict.
 * Exit code 0 when intact, 1 when damaged, 2 when it cannot be checked.
 */
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { openLedgerDb } from '../network/src/embedded/ledger-db';
import { verifyLedger } from '../network/src/ledger-integrity';
import { createProgress } from './lib/progress';
import { dataDirFromArgs } from './lib/args';

async function main(): Promise<number> {
  const dataDir = resolve(dataDirFromArgs(process.argv.slice(2)));
  const ledgerDir = join(dataDir, 'ledger');
  if (!existsSync(ledgerDir)) {
    console.error(`No embedded ledger at ${ledgerDir}. Start the gateway once (npm start) or pass --data-dir.`);
    return 2;
  }
  let db;
  try {
    db = await openLedgerDb(ledgerDir);
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause;
    if ((err as { code?: string }).code === 'LEVEL_DATABASE_NOT_OPEN' && /lock/i.test(String(cause ?? (err as Error).message))) {
      console.error(`The ledger at ${ledgerDir} is open in a running gateway. Stop it first, or ask the running gateway: GET /api/v1/ledger/integrity (auditor).`);
    } else {
      console.error(`Cannot open the ledger at ${ledgerDir}: ${(err as Error).message}${cause ? ` (${String(cause)})` : ''}`);
    }
    return 2;
  }
  const started = Date.now();
  // one line per stage: the chain, then the store audit's two stages
  const stages = [createProgress('verifying blocks'), createProgress("replaying the blocks' writes against history"), createProgress('comparing history and state')];
  let stage = 0;
  const update = (at: number, done: number, total: number): void => {
    for (; stage < at; stage++) stages[stage]!.finish();
    stages[at]!.update(done, total);
  };
  try {
    const report = await verifyLedger(db, {
      onProgress: (done, total) => update(0, done, total),
      onAuditProgress: (auditStage, done, total) => update(auditStage === 'writes' ? 1 : 2, done, total),
    });
    for (; stage < stages.length; stage++) stages[stage]!.finish();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (report.ok) {
      console.log(`OK: ledger intact. ${report.checkedBlocks} block${report.checkedBlocks === 1 ? "" : "s"} chained from genesis, ${report.checkedTransactions} valid transaction${report.checkedTransactions === 1 ? "" : "s"} re-verified (creator and endorser signatures, txIds), orderer signatures and Merkle roots checked; ${report.checkedStateKeys} state keys and ${report.checkedHistoryEntries} history entries match the blocks' writes; in ${seconds} s.`);
      return 0;
    }
    console.log(`DAMAGED: first bad block ${report.firstBadBlock} of ${report.height}: ${report.problem}`);
    return 1;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`ledger:verify failed: ${(err as Error).stack ?? String(err)}`);
    process.exit(2);
  },
);

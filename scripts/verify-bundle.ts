/**
 * `npm run verify -- bundle.json [--trust trust.json] [--gateway URL]`: does the certificate in
 * this bundle hold? The same command checks a provenance dossier (GET
 * /certificates/{id}/provenance/dossier): every fact, transaction and block in it, with the same
 * pinning (docs/provenance.md). Two questions, answered in turn:
 * 1. the proof — every signature and hash, each check printed by name with ✔ or ✘, pinned to
 *    the channel's trust anchors (roots, ordering organisation, registries, chaincode) from
 *    --trust (a saved copy of a gateway's /verify/trust.json) or fetched from --gateway. Without
 *    either the bundle can only vouch for itself, so `trust-anchors` fails;
 * 2. the live status — only with --gateway (POST /api/v1/verify): the gateway confirms the
 *    transaction committed VALID and says whether the certificate holds now (issued, not
 *    revoked, cancelled or expired). Offline this cannot be known, and the verdict says so.
 * The last line is the verdict; the exit code says the same (EXIT below).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { BundleVerification, ChannelTrust, VerificationCheck } from '../network/src/proof/certificate-bundle';
import type { DossierVerification } from '../network/src/proof/provenance-dossier';
import { isProvenanceDossier, verifyDocument } from '../network/src/proof/verify-document';

/** The documented exit codes (--help prints them; README and docs/walkthrough.md repeat them). */
const EXIT = {
  /** The proof holds and the gateway says the certificate holds now (a pledge is shown, not a failure). */
  valid: 0,
  /** The proof fails: tampered, untrusted, or the ledger invalidated its transaction. */
  proofFailed: 1,
  /** Cannot check: bad arguments, an unreadable bundle or trust file, or the gateway cannot be reached. */
  cannotCheck: 2,
  /** The proof holds but the certificate no longer does: revoked, cancelled or expired, or not on that gateway's ledger (--gateway). */
  noLongerHolds: 3,
  /** Offline (--trust only): the proof holds; whether the certificate still holds was not checked. */
  statusUnchecked: 4,
} as const;

const USAGE = `usage: npm run verify -- bundle.json [--trust trust.json] [--gateway http://127.0.0.1:8080]

Checks a certificate bundle (数据资产登记凭证), or a provenance dossier (数据资产溯源档案: every
fact with its transaction and block), and says whether the certificate holds:
  --trust FILE   the channel's trust anchors, saved once from a gateway's /verify/trust.json;
                 checks the proof offline — the current status cannot be known without a gateway
  --gateway URL  fetches the trust anchors there (unless --trust is given) and asks that gateway
                 whether the transaction committed VALID and whether the certificate holds now

exit codes:
  0  valid: the proof holds and the gateway says the certificate holds now (issued; a pledge is shown, not a failure)
  1  proof failed: a check failed (tampered, untrusted, or the ledger invalidated the transaction)
  2  cannot check: bad arguments, an unreadable bundle or trust file, or the gateway cannot be reached
  3  no longer holds: the proof holds, but the gateway says the certificate is revoked, cancelled or expired, or not on its ledger (the reason is printed)
  4  status unchecked: offline, the proof holds; whether the certificate was revoked, cancelled or expired since was not checked`;

class InputProblem extends Error {}
class HelpWanted extends Error {}

interface Options {
  readonly file: string;
  readonly gateway?: string;
  readonly trust?: string;
}

function parseArgs(argv: readonly string[]): Options {
  let file: string | undefined;
  let gateway: string | undefined;
  let trust: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') throw new HelpWanted();
    if (arg === '--gateway' || arg === '--trust') {
      const value = argv[++i];
      if (value === undefined) throw new InputProblem(`${arg} needs a value\n${USAGE}`);
      if (arg === '--gateway') gateway = value.replace(/\/+$/, '');
      else trust = value;
    } else if (arg.startsWith('--')) {
      throw new InputProblem(`unknown option ${arg}\n${USAGE}`);
    } else if (file === undefined) {
      file = arg;
    } else {
      throw new InputProblem(`one bundle file at a time\n${USAGE}`);
    }
  }
  if (file === undefined) throw new InputProblem(USAGE);
  return { file, ...(gateway !== undefined ? { gateway } : {}), ...(trust !== undefined ? { trust } : {}) };
}

async function readJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    // npm runs scripts in the package root; INIT_CWD is where the user typed the command.
    text = await readFile(resolve(process.env.INIT_CWD ?? process.cwd(), file), 'utf8');
  } catch (err) {
    throw new InputProblem(`cannot read ${what} ${file}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new InputProblem(`${what} ${file} is not JSON: ${(err as Error).message}`);
  }
}

function printChecks(checks: readonly VerificationCheck[]): void {
  for (const check of checks) console.log(`${check.ok ? '✔' : '✘'} ${check.name.padEnd(20)} ${check.detail}`);
}

function printFacts(facts: BundleVerification['facts'] | DossierVerification['facts']): void {
  if (!facts) return;
  console.log('\nfacts the proof establishes');
  for (const [name, value] of Object.entries(facts)) console.log(`  ${name.padEnd(14)} ${Array.isArray(value) ? value.join(', ') : String(value)}`);
}

/** What POST /api/v1/verify answers (the gateway's BundleVerification schema). */
interface GatewayVerdict {
  readonly valid?: boolean;
  readonly reason?: string;
  readonly failedCheck?: string;
  readonly proofValid?: boolean;
  readonly checks?: readonly { name: string; ok: boolean; detail: string }[];
  readonly live?: Record<string, unknown>;
  readonly detail?: string;
}

/** Asks the gateway (POST /verify) for its verdict: the committed-VALID check and the live status. */
async function askGateway(gateway: string, bundle: unknown): Promise<GatewayVerdict> {
  let res: Response;
  try {
    res = await fetch(`${gateway}/api/v1/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(bundle) });
  } catch (err) {
    throw new InputProblem(`cannot reach the gateway at ${gateway}: ${(err as Error).message}`);
  }
  const body = (await res.json().catch(() => undefined)) as GatewayVerdict | undefined;
  if (!res.ok || !body) throw new InputProblem(`the gateway answered ${res.status}${body?.detail ? `: ${body.detail}` : ''}`);
  if (typeof body.valid !== 'boolean' || typeof body.proofValid !== 'boolean') throw new InputProblem(`the gateway at ${gateway} gave no verdict (valid, proofValid)`);
  return body;
}

function printLive(gateway: string, live: Record<string, unknown> | undefined): void {
  console.log(`\nlive status from ${gateway}`);
  if (!live) {
    console.log('  the bundle names no certificate id the gateway can look up');
  } else if (live.exists !== true) {
    console.log(`  certificate ${String(live.id)} does not exist on this ledger`);
  } else {
    console.log(`  status         ${String(live.status)}${live.since ? ` since ${String(live.since)}` : ''}`);
    console.log(`  holds now      ${String(live.valid)}${live.reason ? ` (${String(live.reason)})` : ''}`);
    console.log(`  pledged        ${String(live.pledged)}`);
    console.log(`  expires at     ${String(live.expiresAt)}`);
    console.log(`  last written   tx ${String(live.txId)} in block ${String(live.blockNumber)}${live.changedSinceBundle ? ' (changed since this bundle was made)' : ''}`);
  }
  if (live?.checkedAt) console.log(`  checked at     ${String(live.checkedAt)} (ledger time of the gateway's query)`);
}

/** The verdict with a gateway: the gateway's, which needs both the proof and the live status. */
function onlineVerdict(gateway: string, proof: BundleVerification | DossierVerification, answer: GatewayVerdict): number {
  const committed = answer.checks?.find((c) => c.name === 'committed-valid');
  if (committed) console.log(`${committed.ok ? '✔' : '✘'} ${committed.name.padEnd(20)} ${committed.detail} (asked ${gateway})`);
  printFacts(proof.facts);
  printLive(gateway, answer.live);
  if (answer.valid) {
    const pledged = answer.live?.pledged === true ? ' It is pledged (质押): the pledge does not make it invalid.' : '';
    console.log(`\nverdict VALID: the proof holds and the ledger says the certificate holds now (status ${String(answer.live?.status)}).${pledged}`);
    return EXIT.valid;
  }
  if (!answer.proofValid) {
    const failed = answer.checks?.find((c) => !c.ok);
    console.log(`\nverdict NOT VALID (proof-failed: ${answer.failedCheck ?? failed?.name ?? 'a check'}): ${failed?.detail ?? 'the gateway found the proof invalid'}`);
    return EXIT.proofFailed;
  }
  const reason = answer.reason ?? 'unknown';
  const since = typeof answer.live?.since === 'string' ? answer.live.since : undefined;
  console.log(`\nverdict NOT VALID (${reason}): the proof holds — the bundle is genuine — but the certificate no longer holds: ${describeReason(reason, since)}.`);
  return EXIT.noLongerHolds;
}

function describeReason(reason: string, since: string | undefined): string {
  const at = since ? ` at ${since}` : '';
  switch (reason) {
    case 'revoked':
      return `revoked (撤销)${at} by its registry or the regulator`;
    case 'cancelled':
      return `cancelled (注销)${at} at its holder's request`;
    case 'expired':
      return `its term ended (已过期)${at}, by ledger time`;
    case 'not-found':
      return 'this ledger has no certificate of that id';
    default:
      return `the ledger says ${reason}${at}`;
  }
}

/** Offline the proof is all there is: say plainly what was not checked. */
function offlineVerdict(proof: BundleVerification | DossierVerification, bundle: unknown): number {
  printFacts(proof.facts);
  if (isProvenanceDossier(bundle)) {
    console.log(
      '\nverdict STATUS NOT CHECKED: the dossier holds — every fact was written by its endorsed transaction in a block the orderer signed — ' +
        'but whether each transaction committed VALID, and whether the certificate still holds now, only the ledger knows. Add --gateway URL to check.',
    );
    return EXIT.statusUnchecked;
  }
  const validUntil = (bundle as { validUntil?: unknown }).validUntil;
  const lapsed = typeof validUntil === 'string' && Date.parse(validUntil) <= Date.now();
  console.log(
    '\nverdict STATUS NOT CHECKED: the proof holds, but the current status could not be checked offline — ' +
      'whether the certificate was revoked, cancelled or has expired since, and whether its transaction committed VALID, ' +
      'only the ledger knows. Add --gateway URL to check.',
  );
  if (lapsed) console.log(`  note: the bundle's term ended at ${validUntil} by this computer's clock; unless it was renewed, the certificate has expired.`);
  return EXIT.statusUnchecked;
}

/** The channel trust a gateway publishes (GET /verify/trust.json). */
async function fetchTrust(gateway: string): Promise<ChannelTrust> {
  let res: Response;
  try {
    res = await fetch(`${gateway}/verify/trust.json`);
  } catch (err) {
    throw new InputProblem(`cannot reach the gateway at ${gateway}: ${(err as Error).message}`);
  }
  if (!res.ok) throw new InputProblem(`the gateway answered ${res.status} for its trust anchors`);
  return (await res.json()) as ChannelTrust;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const bundle = await readJson(options.file, 'bundle');
  const trust = options.trust ? ((await readJson(options.trust, 'trust file')) as ChannelTrust) : options.gateway ? await fetchTrust(options.gateway) : undefined;
  const result = await verifyDocument(bundle, trust ? { trust } : {});
  printChecks(result.checks);
  if (!result.valid) {
    const failed = result.checks.find((c) => !c.ok);
    console.log(`\nverdict NOT VALID (proof-failed: ${failed?.name ?? 'a check'}): ${failed?.detail ?? 'the proof does not hold'}`);
    return EXIT.proofFailed;
  }
  return options.gateway ? onlineVerdict(options.gateway, result, await askGateway(options.gateway, bundle)) : offlineVerdict(result, bundle);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof HelpWanted) {
      console.log(USAGE);
      process.exitCode = 0;
      return;
    }
    console.error(err instanceof InputProblem ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = EXIT.cannotCheck;
  },
);

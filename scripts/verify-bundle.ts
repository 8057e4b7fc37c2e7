/**
 * `npm run verify -- bundle.json [--trust trust.json] [--gateway URL]`: checks a certificate
 * bundle — every signature and hash, each check printed by name with ✔ or ✘ — then prints
 * the facts the proof establishes. The checks are pinned to the channel's trust anchors
 * (roots, ordering organisation, registries, chaincode): from --trust (a saved copy of a
 * gateway's /verify/trust.json) or fetched from --gateway. Without either the bundle can only
 * vouch for itself, so `trust-anchors` fails and the verdict is INVALID. With --gateway it
 * also asks the gateway (POST /api/v1/verify), which confirms the transaction committed VALID,
 * and the verdict needs both; offline, the output says that this part is unconfirmed.
 * Exit code: 0 valid, 1 invalid, 2 unreadable input (file, JSON, trust file or gateway).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { BundleVerification, CertificateBundle, ChannelTrust } from '../network/src/proof/certificate-bundle';
import { verifyCertificateBundle } from '../network/src/proof/verify-bundle';

const USAGE = 'usage: npm run verify -- bundle.json [--trust trust.json] [--gateway http://127.0.0.1:8080]';

class InputProblem extends Error {}

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

function printChecks(result: BundleVerification, online: boolean): void {
  for (const check of result.checks) console.log(`${check.ok ? '✔' : '✘'} ${check.name.padEnd(20)} ${check.detail}`);
  if (!result.valid) console.log(`\nbundle INVALID: ${result.checks.find((c) => !c.ok)?.name ?? 'a check'} failed`);
  else if (!online) {
    // an invalidated transaction is in its block and signed like any other: only a peer knows it failed
    console.log('\noffline checks passed. Whether the transaction committed VALID is known only to the ledger: add --gateway to confirm it.');
  }
  if (result.facts) {
    console.log('\nfacts');
    for (const [name, value] of Object.entries(result.facts)) console.log(`  ${name.padEnd(14)} ${Array.isArray(value) ? value.join(', ') : String(value)}`);
  }
}

/** Asks the gateway (POST /verify), prints its verdict and the live status; answers whether the gateway found the bundle valid. */
async function printLive(gateway: string, bundle: unknown): Promise<boolean> {
  let res: Response;
  try {
    res = await fetch(`${gateway}/api/v1/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(bundle) });
  } catch (err) {
    throw new InputProblem(`cannot reach the gateway at ${gateway}: ${(err as Error).message}`);
  }
  const body = (await res.json().catch(() => undefined)) as
    | { valid?: boolean; checks?: { name: string; ok: boolean; detail: string }[]; live?: Record<string, unknown>; detail?: string }
    | undefined;
  if (!res.ok || !body) throw new InputProblem(`the gateway answered ${res.status}${body?.detail ? `: ${body.detail}` : ''}`);
  const committed = body.checks?.find((c) => c.name === 'committed-valid');
  if (committed) console.log(`${committed.ok ? '✔' : '✘'} ${committed.name.padEnd(20)} ${committed.detail} (asked ${gateway})`);
  const failed = body.checks?.find((c) => !c.ok);
  console.log(body.valid ? '\nbundle VALID: every check passed, and the ledger confirms the transaction' : `\nbundle INVALID at the gateway: ${failed ? `${failed.name}: ${failed.detail}` : 'see its answer'}`);
  const valid = body.valid === true;
  console.log(`\nlive status from ${gateway}`);
  const live = body.live;
  if (!live) {
    console.log('  the bundle names no certificate id the gateway can look up');
    return valid;
  }
  if (live.exists !== true) {
    console.log(`  certificate ${String(live.id)} does not exist on this ledger`);
    return valid;
  }
  console.log(`  status         ${String(live.status)}${live.since ? ` since ${String(live.since)}` : ''}`);
  console.log(`  valid now      ${String(live.valid)}`);
  console.log(`  pledged        ${String(live.pledged)}`);
  console.log(`  last written   tx ${String(live.txId)} in block ${String(live.blockNumber)}${live.changedSinceBundle ? ' (changed since this bundle was made)' : ''}`);
  console.log(`  checked at     ${String(live.checkedAt)}`);
  return valid;
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
  let result: BundleVerification;
  try {
    result = await verifyCertificateBundle(bundle as CertificateBundle, trust ? { trust } : {});
  } catch (err) {
    result = { valid: false, checks: [{ name: 'format', ok: false, detail: `the bundle could not be read: ${(err as Error).message}` }] };
  }
  printChecks(result, options.gateway !== undefined);
  // with a gateway the verdict needs both: the offline proof and the ledger's word that it committed VALID
  const confirmed = options.gateway && result.valid ? await printLive(options.gateway, bundle) : result.valid;
  return result.valid && confirmed ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof InputProblem ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 2;
  },
);

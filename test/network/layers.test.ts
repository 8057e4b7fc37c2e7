/**
 * The layers of network/ and the gateway code that reads Fabric blocks stay apart: Fabric's
 * wire formats live in network/src/protocol and import neither the embedded network nor the
 * proof verifier; those two never import each other; the fabric backend and the bundle builder
 * reach Fabric's formats through protocol, not through embedded internals.
 */
import { expect } from 'chai';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Repository-relative targets of the relative imports of `file`. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/from '(\.[^']+)'/g)].map((m) => relative(ROOT, resolve(join(ROOT, file, '..'), m[1]!)));
}

function offenders(dirs: readonly string[], forbidden: readonly string[]): string[] {
  return dirs.flatMap((dir) =>
    sources(dir).flatMap((file) => importsOf(file).filter((target) => forbidden.some((f) => target.startsWith(f))).map((target) => `${file} → ${target}`)),
  );
}

describe('layers of the network and its readers', () => {
  it('keeps network/src/protocol free of the embedded network, the proof verifier and the gateway', () => {
    expect(offenders(['network/src/protocol'], ['network/src/embedded', 'network/src/proof', 'gateway'])).to.deep.equal([]);
  });

  it('keeps the embedded network and the proof verifier from importing each other', () => {
    expect(offenders(['network/src/embedded'], ['network/src/proof'])).to.deep.equal([]);
    expect(offenders(['network/src/proof'], ['network/src/embedded'])).to.deep.equal([]);
  });

  it('lets the fabric backend and the bundle builder read blocks through protocol, not embedded internals', () => {
    expect(offenders(['gateway/src/ledger/fabric', 'gateway/src/bundles'], ['network/src/embedded'])).to.deep.equal([]);
  });
});

/**
 * Writes network/fabric (configtx, compose, CA configs, connection profiles, collections,
 * CCaaS connection files, network.env) from network/consortium.json and prints each file.
 * `--check` writes nothing and exits 1 if the committed files differ from the generator.
 */
import { join, relative } from 'node:path';
import { loadConsortium } from '../network/src/consortium';
import { generateFabricFiles } from '../network/src/fabric/generate';
import { driftedFiles, writeGeneratedFiles } from '../network/src/fabric/write-files';

const FABRIC_DIR = join(__dirname, '..', '..', 'network', 'fabric');

function main(): number {
  const consortium = loadConsortium();
  const files = generateFabricFiles(consortium);
  if (process.argv.includes('--check')) {
    const drifted = driftedFiles(FABRIC_DIR, files);
    for (const path of drifted) console.log(`differs from the generator: network/fabric/${path}`);
    console.log(drifted.length === 0 ? `network/fabric is up to date (${files.length} files)` : 'run npm run fabric:generate');
    return drifted.length === 0 ? 0 : 1;
  }
  for (const path of writeGeneratedFiles(FABRIC_DIR, files)) console.log(`wrote ${relative(process.cwd(), path)}`);
  console.log(`${files.length} files for ${consortium.organizations.length} organisations on channel ${consortium.channelName}`);
  return 0;
}

process.exitCode = main();

/** Command-line arguments shared by the scripts. */

/** `--data-dir DIR` if given, else the DAL_DATA_DIR the gateway uses, else `.data`. */
export function dataDirFromArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  const i = argv.indexOf('--data-dir');
  if (i >= 0 && argv[i + 1]) return argv[i + 1]!;
  return env.DAL_DATA_DIR || '.data';
}

/** `--name value` as a number, or the default. */
export function numberArg(argv: readonly string[], name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`);
  if (i < 0 || argv[i + 1] === undefined) return fallback;
  const n = Number(argv[i + 1]);
  if (!Number.isFinite(n)) throw new Error(`--${name} needs a number, got ${argv[i + 1]}`);
  return n;
}

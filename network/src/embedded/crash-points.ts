/**
 * Test-only crash points, so that the crash-under-load suite (test/reliability) can aim its
 * SIGKILLs at the two moments random timing rarely hits: while a block's LevelDB batch is
 * being written, and after it is fsynced but before anyone (so no HTTP client) has heard of it.
 *
 * With `DAL_TEST_CRASH_AT=<point>:<n>` in the environment the process SIGKILLs itself the n-th
 * time it passes `<point>`. Without the variable — every real run — `crashPoint` does nothing.
 * Read once at load: a running gateway cannot be made to crash by anything it receives.
 */
export type CrashPointName = 'block-commit' | 'block-committed';

const armed = parse(process.env.DAL_TEST_CRASH_AT);
let passes = 0;

function parse(value: string | undefined): { readonly point: CrashPointName; readonly at: number } | undefined {
  const m = /^(block-commit|block-committed):(\d+)$/.exec(value ?? '');
  return m ? { point: m[1] as CrashPointName, at: Number(m[2]) } : undefined;
}

/** SIGKILLs this process when the armed point is passed for the armed time; otherwise nothing. */
export function crashPoint(point: CrashPointName): void {
  if (armed?.point !== point || ++passes !== armed.at) return;
  process.kill(process.pid, 'SIGKILL');
}

import type { DevstackLog } from './devstack-log.js';
import { findExecutable } from './find-executable.js';
import { lastLine, runCommand } from './command-run.js';

/** apt-get may install packages only as root on a machine that has apt-get. */
export async function canAptInstall(): Promise<boolean> {
  return process.getuid?.() === 0 && (await findExecutable('apt-get', ['/usr/bin/apt-get'])) !== undefined;
}

let updated: Promise<void> | undefined;

function aptGet(args: string[]) {
  return runCommand('env', ['DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args]);
}

/** `apt-get update` (once per process) then `apt-get install -y <pkg>`; throws a one-line error on failure. */
export async function aptInstall(pkg: string, log: DevstackLog): Promise<void> {
  updated ??= (async () => {
    log('apt-get update');
    const r = await aptGet(['update']);
    if (r.code !== 0) throw new Error(`apt-get update failed: ${lastLine(r.output)}`);
  })();
  try {
    await updated;
  } catch (err) {
    updated = undefined;
    throw err;
  }
  log(`apt-get install -y ${pkg} (this can take a minute)`);
  const r = await aptGet(['install', '-y', '--no-install-recommends', pkg]);
  if (r.code !== 0) throw new Error(`apt-get install ${pkg} failed: ${lastLine(r.output)}`);
}

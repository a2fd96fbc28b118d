import { accessSync, constants } from 'node:fs';
import { runCommand } from './command-run.js';

/**
 * Returns the full path of `name` as the shell finds it on PATH, else the first executable of
 * `extraCandidates`, else undefined.
 */
export async function findExecutable(name: string, extraCandidates: string[] = []): Promise<string | undefined> {
  const viaShell = await runCommand('sh', ['-c', 'command -v "$0"', name]).catch(() => undefined);
  const found = viaShell?.code === 0 ? viaShell.output.trim().split('\n')[0] : undefined;
  if (found && found.startsWith('/')) return found;
  for (const candidate of extraCandidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

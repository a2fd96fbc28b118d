import type { ChildProcess } from 'node:child_process';

const children = new Set<ChildProcess>();
let hooked = false;

/**
 * Makes sure `child` gets SIGKILL if this process exits while the child still runs (Node does not
 * do that by itself). The child is forgotten once it exits.
 */
export function killOnParentExit(child: ChildProcess): void {
  if (!hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const c of children) {
        if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      }
    });
  }
  children.add(child);
  child.once('exit', () => children.delete(child));
}

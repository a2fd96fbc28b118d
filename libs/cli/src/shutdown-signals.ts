/**
 * Calls `onSignal` once on the first SIGINT/SIGTERM; a second signal exits at once with code 130
 * (the service processes die with us: devstack kills its children when the CLI exits).
 * Returns a function that removes the handlers.
 */
export function onShutdownSignal(onSignal: (signal: NodeJS.Signals) => void, forceExit: (code: number) => void): () => void {
  let seen = false;
  const handler = (signal: NodeJS.Signals) => {
    if (seen) return forceExit(130);
    seen = true;
    onSignal(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

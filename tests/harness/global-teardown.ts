/** Stops only what global-setup started itself; servers that were already running stay up. */
export default async function globalTeardown(): Promise<void> {
  const g = globalThis as { __scraiTestInfraStops?: Array<() => Promise<void>> };
  const stops = g.__scraiTestInfraStops ?? [];
  delete g.__scraiTestInfraStops;
  for (const stop of stops) await stop();
}

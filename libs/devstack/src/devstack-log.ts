/** How devstack reports progress: one plain line per call. Pass e.g. `(m) => logger.info(m)`. */
export type DevstackLog = (message: string) => void;

export const silentLog: DevstackLog = () => {};

export interface IsolationResult<T> {
  /** Items whose write committed. */
  applied: T[];
  /** Items the database refuses on their own: retrying cannot help. */
  rejected: Array<{ item: T; error: unknown }>;
  /** Items not written because of a failure that may pass (connection, timeout): retry them later. */
  retry: { items: T[]; error: unknown } | null;
}

/**
 * Writes a batch in one call; when the database refuses the data, splits the batch in halves until
 * the offending items stand alone, so one poison message cannot block everything behind it. Any
 * other failure stops the writes and hands back every item not yet applied for a retry.
 */
export async function applyIsolating<T>(
  items: readonly T[],
  apply: (items: T[]) => Promise<void>,
  isDataError: (e: unknown) => boolean,
): Promise<IsolationResult<T>> {
  const out: IsolationResult<T> = { applied: [], rejected: [], retry: null };
  const stack: T[][] = items.length ? [[...items]] : [];
  while (stack.length) {
    const part = stack.shift()!;
    if (out.retry) {
      out.retry.items.push(...part);
      continue;
    }
    try {
      await apply(part);
      out.applied.push(...part);
    } catch (error) {
      if (!isDataError(error)) out.retry = { items: [...part], error };
      else if (part.length === 1) out.rejected.push({ item: part[0]!, error });
      else {
        const mid = part.length >> 1;
        stack.unshift(part.slice(0, mid), part.slice(mid));
      }
    }
  }
  return out;
}

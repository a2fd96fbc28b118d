/** A clock that only moves when told to, and a sleep that moves it (no real waiting). */
export function fakeTime(start = Date.parse('2025-01-01T00:00:00Z')) {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
    sleeps,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw new Error('aborted');
      sleeps.push(ms);
      t += ms;
    },
  };
}

/**
 * Per-task seeds derived from the run seed and the task's number: deterministic, well spread, and
 * independent of the order in which results arrive.
 */
export function taskSeed(runSeed: number, taskSeq: number): number {
  let x = (Math.imul(runSeed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(taskSeq, 0xc2b2ae35)) | 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return (x >>> 0) % 2 ** 31;
}

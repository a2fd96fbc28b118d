// Where a simultaneous run's time goes, from its task_attempts rows (queued by the orchestrator,
// processing and completed by the engine workers; one clock, the machine's): the run is cut into its
// phases in task order (the narrator's opening, then per round all actor turns and the narrator's
// resolution, then the analyst's report), and each round into the steps of its critical path.

/** Reads the attempts of one run: [{ task_seq, engine_type, status, delivery, at: ms since epoch }]. */
export async function readAttempts(sql, runId) {
  const r = await sql.query('SELECT task_seq, engine_type, status, delivery, at FROM task_attempts WHERE run_id = $1 ORDER BY task_seq, at', [runId]);
  return r.rows.map((x) => ({ ...x, at: new Date(x.at).getTime() }));
}

/** Polls until `expectedTasks` tasks of the run have a stored `completed` attempt (persistence writes them in batches). */
export async function waitAttempts(sql, runId, expectedTasks, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await sql.query("SELECT count(DISTINCT task_seq)::int AS n FROM task_attempts WHERE run_id = $1 AND status = 'completed'", [runId]);
    if (r.rows[0].n >= expectedTasks || Date.now() > deadline) return r.rows[0].n;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** One task's life: queued, first picked up, last completed (ms since epoch), deliveries seen. */
function tasksOf(attempts) {
  const tasks = new Map();
  for (const a of attempts) {
    const t = tasks.get(a.task_seq) ?? { seq: a.task_seq, type: a.engine_type, queued: NaN, picked: NaN, done: NaN, deliveries: 0 };
    if (a.status === 'queued') t.queued = a.at;
    if (a.status === 'processing') {
      t.picked = Number.isNaN(t.picked) ? a.at : Math.min(t.picked, a.at);
      t.deliveries = Math.max(t.deliveries, a.delivery);
    }
    if (a.status === 'completed') t.done = Number.isNaN(t.done) ? a.at : Math.max(t.done, a.at);
    tasks.set(a.task_seq, t);
  }
  return [...tasks.values()].sort((a, b) => a.seq - b.seq);
}

/** Consecutive tasks of one engine type form a phase (all actor turns of a round; one narrator or analyst task). */
function phasesOf(tasks) {
  const phases = [];
  for (const t of tasks) {
    const last = phases.at(-1);
    if (last && last.type === 'actor' && t.type === 'actor') last.tasks.push(t);
    else phases.push({ type: t.type, tasks: [t] });
  }
  for (const p of phases) {
    p.start = Math.min(...p.tasks.map((t) => t.queued));
    p.end = Math.max(...p.tasks.map((t) => t.done));
    p.maxPickupMs = Math.max(...p.tasks.map((t) => t.picked - t.queued));
  }
  return phases;
}

/**
 * The run's timeline. `postAt` is when the client sent POST /runs, `seenAt` when it saw the run
 * completed (both ms since epoch). Per round: actorsMs (first actor task queued → last actor result),
 * pickupMs (the longest wait of an actor task for a worker), handoffMs (last actor result → the
 * narrator's task queued), narratorMs (queued → result), nextMs (narrator result → next phase queued).
 */
export function roundTimeline(attempts, { postAt, seenAt }) {
  const phases = phasesOf(tasksOf(attempts));
  const rounds = [];
  for (let i = 0; i < phases.length; i++) {
    const p = phases[i];
    if (p.type !== 'actor') continue;
    const resolution = phases[i + 1]?.type === 'narrator' ? phases[i + 1] : null;
    const next = phases[resolution ? i + 2 : i + 1];
    const end = resolution ? resolution.end : p.end;
    rounds.push({
      round: rounds.length + 1,
      actors: p.tasks.length,
      actorsMs: p.end - p.start,
      pickupMs: p.maxPickupMs,
      handoffMs: resolution ? resolution.start - p.end : NaN,
      narratorMs: resolution ? resolution.end - resolution.start : NaN,
      nextMs: next ? next.start - end : NaN,
      roundMs: (next ? next.start : end) - p.start,
    });
  }
  const first = phases[0];
  const opening = first?.type === 'narrator' ? first : null;
  const lastPhase = phases.at(-1);
  const report = lastPhase?.type === 'analyst' ? lastPhase : null;
  return {
    rounds,
    createMs: first ? first.start - postAt : NaN,
    openingMs: opening ? opening.end - opening.start : NaN,
    openingNextMs: opening && phases[1] ? phases[1].start - opening.end : NaN,
    reportMs: report ? report.end - report.start : NaN,
    finishMs: lastPhase ? seenAt - lastPhase.end : NaN,
    redelivered: attempts.filter((a) => a.status === 'processing' && a.delivery > 1).length,
  };
}

/** Mean and max of one column of the rounds, ignoring missing values. */
export function columnStats(rounds, key) {
  const xs = rounds.map((r) => r[key]).filter((x) => Number.isFinite(x));
  return xs.length ? { mean: xs.reduce((a, b) => a + b, 0) / xs.length, max: Math.max(...xs) } : { mean: NaN, max: NaN };
}

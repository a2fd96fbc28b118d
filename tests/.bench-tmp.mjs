import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import pg from 'pg';
import { randomUUID } from 'node:crypto';
const nc = await connect({ servers: 'nats://127.0.0.1:4222' });
const js = jetstream(nc); const jsm = await jetstreamManager(nc);
const sql = new pg.Client(process.env.DATABASE_URL); await sql.connect();
const runs = Array.from({ length: 20 }, () => randomUUID());
const N = 1000;
const t0 = Date.now();
const acks = [];
for (const run of runs) for (let seq = 1; seq <= N; seq++) {
  const type = seq === 1 ? 'run.started' : seq === N ? 'run.completed' : 'actor.turn';
  const payload = seq === 1 ? { scenario_name: 's', seed: 1, agents: [{ id: 'a', engine_type: 'actor', template_name: 't', role: 'a' }] } : seq === N ? { reason: 'max_turns', turns: N - 2, rounds: 1 } : { turn: seq - 1, round: 1, action: 'speak', content: 'x'.repeat(200), target: null, usage: null };
  const e = { id: `${run}:${seq}`, run_id: run, seq, type, at: new Date().toISOString(), agent_id: null, payload };
  acks.push(js.publish(`t-manual.evt.${run}.${type}`, JSON.stringify(e), { msgID: e.id }));
  if (acks.length >= 2000) await Promise.all(acks.splice(0));
}
await Promise.all(acks);
const t1 = Date.now();
for (;;) {
  const r = await sql.query("select count(*)::int n, sum(event_count)::int ec, count(*) filter (where status='completed')::int done from runs where id = any($1)", [runs]);
  if (r.rows[0].ec === runs.length * N && r.rows[0].done === runs.length) { console.log('published in', t1 - t0, 'ms; stored all', runs.length * N, 'in', Date.now() - t0, 'ms', r.rows[0]); break; }
  await new Promise((r) => setTimeout(r, 100));
}
await sql.end(); await nc.close();

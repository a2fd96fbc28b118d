// A listener that counts and sizes the messages crossing the broker (a plain NATS subscription also
// receives what JetStream stores), so a benchmark can show how large the start command, the engine
// tasks, the run record in KV or the LLM requests grow with a scenario, and, as a census of all the
// broker's traffic, how many messages (publishes, pulls, deliveries, acks, KV reads) one turn costs.
// Messages too large for the server (max_payload) never get here: the publisher's error tells of those.

/** `<ns>-runs` → `runs`: a namespace's KV bucket by its own name. */
const bucketName = (bucket, namespace) => (bucket.startsWith(`${namespace}-`) ? bucket.slice(namespace.length + 1) : bucket);

/**
 * The kind of message a subject carries, e.g. `cmd.start`, `task.actor`, `evt.actor.turn`,
 * `kv.runs.state`, `query.runs.create`, `llm.req`; JetStream's own traffic as `js.pull.<consumer>`,
 * `js.ack`, `js.direct-get.<stream>`, `js.api.<verb>`; replies (publish acknowledgements, KV reads,
 * request answers) as `inbox`. A consumer's delivery keeps the stream subject (see `classOf`).
 */
export function messageClass(subject, namespace) {
  const t = subject.split('.');
  if (t[0] === namespace) {
    switch (t[1]) {
      case 'cmd':
        return `cmd.${t.at(-1)}`;
      case 'task':
        return `task.${t[2]}`;
      case 'evt':
        return `evt.${t.slice(3).join('.')}`;
      case 'llm':
        return `llm.${t[2]}`;
      case 'query':
        return `query.${t.slice(2).join('.')}`;
      default:
        return t[1] ?? 'other';
    }
  }
  // a key's first token names its kind (state, spec); hashed keys (the LLM cache) are one kind
  if (t[0] === '$KV') return `kv.${bucketName(t[1], namespace)}${t[2] && !/^[0-9a-f]{16,}$/.test(t[2]) ? `.${t[2]}` : ''}`;
  if (t[0] === '_INBOX') return 'inbox';
  if (t[0] === '$JS' && t[1] === 'ACK') return 'js.ack';
  if (t[0] === '$JS' && t[1] === 'API') {
    const api = t.slice(2).join('.');
    if (api.startsWith('CONSUMER.MSG.NEXT.')) return `js.pull.${t.at(-1)}`;
    if (api.startsWith('DIRECT.GET.')) return `js.direct-get.${t[4]}`;
    if (api.startsWith('STREAM.MSG.GET.')) return `js.msg-get.${t[5]}`;
    return `js.api.${t.slice(2, 4).join('.')}`;
  }
  return t[0] === '$JS' ? `js.${t[1]}` : 'other';
}

/**
 * The class of a message as a subscriber sees it: a JetStream delivery to a consumer arrives with
 * the stream subject and an `$JS.ACK.…` reply, and is counted as `deliver <class>` (only a census
 * on `>` sees those: they are routed by the consumer's inbox subject).
 */
export function classOf(subject, reply, namespace) {
  const c = messageClass(subject, namespace);
  return reply?.startsWith('$JS.ACK.') ? `deliver ${c}` : c;
}

/**
 * Subscribes to `subjects` (default: every subject of `namespace` and the runs KV bucket; `['>']`
 * for a census of all traffic); `take()` answers the statistics since the last take
 * ({ class: { count, bytes, max } }) and starts afresh.
 */
export function startMessageTap(nc, { namespace, runsBucket, subjects = [`${namespace}.>`, `$KV.${runsBucket}.>`] }) {
  let stats = new Map();
  const count = (subject, reply, size) => {
    const c = classOf(subject, reply, namespace);
    const s = stats.get(c) ?? { count: 0, bytes: 0, max: 0 };
    s.count++;
    s.bytes += size;
    if (size > s.max) s.max = size;
    stats.set(c, s);
  };
  const subs = subjects.map((subject) => nc.subscribe(subject, { callback: (err, msg) => !err && count(msg.subject, msg.reply, msg.data.length) }));
  return {
    take() {
      const out = Object.fromEntries([...stats].sort(([a], [b]) => a.localeCompare(b)));
      stats = new Map();
      return out;
    },
    stop: () => subs.forEach((s) => s.unsubscribe()),
  };
}

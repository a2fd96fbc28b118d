#!/usr/bin/env node
// A minimal OpenAI chat-completions server for benchmarks: answers every POST …/chat/completions with
// the same short JSON completion after a fixed delay, so a benchmark measures what sits in front of
// it, not the provider. Dependency-free and run as its own process (the load generator's event loop
// must not also serve the answers). Prints `LISTENING <base url>` (ending in /v1) once it accepts.
//
// Usage: node scripts/bench-fake-openai.mjs [delay_ms=20]
import { createServer } from 'node:http';

const DELAY_MS = Number(process.argv[2] ?? 20);
const TEXT = 'Hello from the benchmark fake.';
let seq = 0;

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const n = ++seq;
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}`, type: 'invalid_request_error', param: null, code: null } }));
      return;
    }
    let model = 'unknown';
    try {
      model = JSON.parse(Buffer.concat(chunks).toString('utf8')).model ?? model;
    } catch {
      // answered anyway: a benchmark fake, not a validator
    }
    const body = JSON.stringify({
      id: `chatcmpl-bench-${n}`,
      object: 'chat.completion',
      created: 1_700_000_000,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: TEXT, refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 },
    });
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': `req_bench_${n}` });
      res.end(body);
    }, DELAY_MS);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING http://127.0.0.1:${server.address().port}/v1\n`);
});
process.on('SIGTERM', () => process.exit(0));
// the benchmark's own cleanup stops this process; if the benchmark dies, stdin closes and so do we
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();

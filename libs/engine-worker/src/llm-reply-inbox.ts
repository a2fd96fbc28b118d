import { randomBytes } from 'node:crypto';
import type { Msg, NatsConnection, Subscription } from '@scrai/messaging';

/** The wait for one reply ran out. */
export class ReplyTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no reply within ${timeoutMs} ms`);
    this.name = 'ReplyTimeoutError';
  }
}

export interface ExpectedReply {
  /** The subject to name as the reply address (unique to this wait). */
  subject: string;
  /** The first message to `subject`; rejects with ReplyTimeoutError, or when the inbox closes. */
  reply: Promise<Msg>;
  /** Stops waiting (a reply arriving later is dropped). */
  cancel(): void;
}

export interface ReplyInbox {
  expect(timeoutMs: number): ExpectedReply;
  /** Unsubscribes; waits still open reject. */
  close(): void;
}

/**
 * One wildcard subscription (`<prefix>.<random>.*`) for all of a client's replies, a token per
 * wait: a request costs a map entry, not a SUB/UNSUB round on the server.
 */
export function openReplyInbox(nc: NatsConnection, prefix = '_INBOX'): ReplyInbox {
  const base = `${prefix}.${randomBytes(11).toString('hex')}`;
  const waits = new Map<string, { resolve(m: Msg): void; reject(e: Error): void }>();
  let seq = 0;
  let closedBy: Error | undefined;
  const sub: Subscription = nc.subscribe(`${base}.*`, {
    callback: (err, m) => {
      if (err) return;
      const token = m.subject.slice(base.length + 1);
      const w = waits.get(token);
      waits.delete(token);
      w?.resolve(m);
    },
  });
  const failAll = (e: Error) => {
    closedBy = e;
    for (const w of waits.values()) w.reject(e);
    waits.clear();
  };
  void sub.closed.then(() => failAll(new Error('the reply inbox closed (connection closed)'))).catch((e: unknown) => failAll(e instanceof Error ? e : new Error(String(e))));
  return {
    expect(timeoutMs) {
      const token = (++seq).toString(36);
      let timer: NodeJS.Timeout | undefined;
      const reply = new Promise<Msg>((resolve, reject) => {
        if (closedBy) return reject(closedBy);
        timer = setTimeout(() => {
          waits.delete(token);
          reject(new ReplyTimeoutError(timeoutMs));
        }, timeoutMs);
        waits.set(token, {
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
      });
      return {
        subject: `${base}.${token}`,
        reply,
        cancel: () => {
          clearTimeout(timer);
          waits.delete(token);
        },
      };
    },
    close() {
      sub.unsubscribe();
      failAll(new Error('the reply inbox was closed'));
    },
  };
}

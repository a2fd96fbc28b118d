import type { AnswerCache, CachedAnswer } from '../src/answer-cache.js';

/** A process-memory AnswerCache for unit tests (the service uses the KV one); `failing` makes every read and write throw. */
export class MemoryAnswerCache implements AnswerCache {
  readonly entries = new Map<string, CachedAnswer>();
  failing = false;

  async get(key: string): Promise<CachedAnswer | null> {
    if (this.failing) throw new Error('cache down');
    return this.entries.get(key) ?? null;
  }

  async put(key: string, answer: CachedAnswer): Promise<void> {
    if (this.failing) throw new Error('cache down');
    this.entries.set(key, answer);
  }
}

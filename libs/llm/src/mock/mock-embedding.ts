import { hash128 } from './string-hash.js';

export const DEFAULT_EMBEDDING_DIMENSIONS = 64;

const wordsOf = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * A deterministic bag-of-words vector (feature hashing with signs), L2-normalized: texts that share
 * words have a higher cosine similarity, so memory retrieval behaves plausibly with the mock.
 */
export function hashedEmbedding(text: string, dimensions = DEFAULT_EMBEDDING_DIMENSIONS): number[] {
  const v = new Array<number>(dimensions).fill(0);
  const words = wordsOf(text);
  const features = words.length ? [...words, ...words.slice(1).map((w, i) => `${words[i]} ${w}`)] : [`\u0000${text}`];
  for (const f of features) {
    const [a, b] = hash128(f);
    v[a % dimensions]! += b & 1 ? 1 : -1;
  }
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  if (norm === 0) {
    v[hash128(text)[2] % dimensions] = 1;
    return v;
  }
  return v.map((x) => Math.round((x / norm) * 1e6) / 1e6);
}

import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const MOCK_DIR = join(import.meta.dirname, '..', 'src', 'mock');

const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });

/** The mock's answers are a function of the request alone: no clock and no ambient randomness. */
describe('mock provider purity', () => {
  it.each(sources(MOCK_DIR).map((p) => [p.slice(MOCK_DIR.length + 1), p]))('%s uses no clock and no Math.random', (_name, path) => {
    const code = readFileSync(path, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(code).not.toMatch(/Math\.random|\bDate\b|performance\.now|process\.hrtime|crypto/);
  });
});

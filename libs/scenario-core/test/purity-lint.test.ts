import { describe, expect, it } from '@jest/globals';
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const eslint = new ESLint({ cwd: root });
const lint = async (code: string) => {
  const [r] = await eslint.lintText(code, { filePath: `${root}/libs/scenario-core/src/probe.ts` });
  return r!.messages.map((m) => m.ruleId);
};

describe('scenario-core purity (lint rule)', () => {
  it('rejects I/O imports, clocks and Math.random', async () => {
    expect(await lint(`import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n`)).toContain('no-restricted-imports');
    expect(await lint(`import { connect } from '@nats-io/transport-node';\nexport const x = connect;\n`)).toContain('no-restricted-imports');
    expect(await lint(`import { DataSource } from 'typeorm';\nexport const x = DataSource;\n`)).toContain('no-restricted-imports');
    expect(await lint(`export const now = () => Date.now();\n`)).toContain('no-restricted-globals');
    expect(await lint(`export const r = () => Math.random();\n`)).toContain('no-restricted-properties');
  });

  it('accepts a pure module that depends on contracts only', async () => {
    expect(await lint(`import { isoTime } from '@scrai/contracts';\nexport const at = (ms: number) => isoTime(ms);\n`)).toEqual([]);
  });

  it('holds for the library as it is', async () => {
    const results = await eslint.lintFiles([`${root}/libs/scenario-core/src`]);
    const problems = results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.ruleId}: ${m.message}`));
    expect(problems).toEqual([]);
  });
});

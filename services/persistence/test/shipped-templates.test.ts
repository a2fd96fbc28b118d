import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadShippedTemplates } from '../src/shipped-templates.js';

const REPO_TEMPLATES = fileURLToPath(new URL('../../../templates', import.meta.url));

describe('loadShippedTemplates', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scrai-templates-'));
    await mkdir(join(dir, 'agents'));
    await mkdir(join(dir, 'scenarios'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads and validates every template the repo ships', async () => {
    const all = await loadShippedTemplates(REPO_TEMPLATES);
    const names = all.map((t) => `${t.kind}/${t.name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'agent/narrator-chronicler',
        'agent/analyst-civic',
        'scenario/town-hall-debate',
        'scenario/two-party-negotiation',
      ]),
    );
    const townHall = all.find((t) => t.name === 'town-hall-debate')!.body;
    expect(townHall).toMatchObject({ turn_policy: 'round_robin', max_turns: 12, analysis_every_n_turns: 6, seed: 42 });
    const negotiation = all.find((t) => t.name === 'two-party-negotiation')!.body;
    expect(negotiation).toMatchObject({ turn_policy: 'simultaneous', max_turns: 10, analysis_every_n_turns: 4, seed: 7 });
    for (const t of all.filter((x) => x.kind === 'agent')) expect(t.body.llm).toMatchObject({ provider: 'mock', model: 'mock-1' });
  });

  it('reads JSON and YAML and applies defaults', async () => {
    await writeFile(join(dir, 'agents', 'a.json'), JSON.stringify({ name: 'a', engine_type: 'actor', persona: { role: 'r' } }));
    await writeFile(join(dir, 'agents', 'b.yml'), 'name: b\nengine_type: narrator\npersona:\n  role: teller\n');
    const all = await loadShippedTemplates(dir);
    expect(all.map((t) => t.name)).toEqual(['a', 'b']);
    expect(all[1]!.body).toMatchObject({ settings: { perspective: 'third_person' } });
  });

  it('stops at a bad file, naming the file and the field', async () => {
    await writeFile(join(dir, 'agents', 'bad.yaml'), 'name: bad\nengine_type: actor\npersona:\n  role: r\n  goals: [""]\n');
    await expect(loadShippedTemplates(dir)).rejects.toThrow(/agents\/bad\.yaml: persona\.goals\[0\]/);
  });

  it('rejects unparsable files, names that differ from the file, and unknown agents in roles', async () => {
    await writeFile(join(dir, 'agents', 'x.yaml'), 'name: [unclosed');
    await expect(loadShippedTemplates(dir)).rejects.toThrow(/agents\/x\.yaml: cannot parse/);
    await writeFile(join(dir, 'agents', 'x.yaml'), 'name: y\nengine_type: actor\npersona:\n  role: r\n');
    await expect(loadShippedTemplates(dir)).rejects.toThrow(/agents\/x\.yaml: name: "y" must match/);
    await writeFile(join(dir, 'agents', 'x.yaml'), 'name: x\nengine_type: actor\npersona:\n  role: r\n');
    await writeFile(join(dir, 'scenarios', 's.yaml'), 'name: s\nopening_situation: o\nroles:\n  a:\n    agent: ghost\n');
    await expect(loadShippedTemplates(dir)).rejects.toThrow(/scenarios\/s\.yaml: roles\.a\.agent: no shipped agent template "ghost"/);
  });

  it('fails clearly when the directory is missing', async () => {
    await expect(loadShippedTemplates(join(dir, 'nope'))).rejects.toThrow(/SCRAI_TEMPLATES_DIR/);
  });
});

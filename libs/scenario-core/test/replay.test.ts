import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { replay, type RecordedRun } from './replay.js';

const load = (name: string): RecordedRun => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as RecordedRun;

/**
 * Recorded runs (inputs with their times, and the commands decide() produced then) are committed.
 * Feeding the same inputs again must give byte-identical commands: any change to scenario logic
 * that alters a recorded run shows up here and needs a deliberate re-recording.
 */
describe.each(['round-robin-run.json', 'simultaneous-run.json'])('replay of %s', (file) => {
  it('reproduces every recorded command byte for byte', () => {
    const rec = load(file);
    const { commands, state } = replay(rec);
    expect(commands.length).toBe(rec.steps.length);
    rec.steps.forEach((step, i) => expect(JSON.stringify(commands[i])).toBe(JSON.stringify(step.commands)));
    expect(state?.status).toBe('completed');
  });
});

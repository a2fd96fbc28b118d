import { describe, expect, it } from '@jest/globals';
import { TASK_KINDS, llmHintsSchema, responseFormatSchema } from '@scrai/contracts';
import {
  buildActorTurnPrompt,
  buildAnalysisCheckpointPrompt,
  buildAnalysisReportPrompt,
  buildRoundResolvePrompt,
  buildSceneOpenPrompt,
  promptFor,
} from '../../src/prompts/index.js';
import { makeTask } from './task-fixture.js';

const userText = (p: { messages: Array<{ content: string }> }) => p.messages.map((m) => m.content).join('\n');

describe('prompt builders', () => {
  it.each(TASK_KINDS)('%s: renders scenario, participants and the transcript in order', (kind) => {
    const p = promptFor(makeTask(kind));
    expect(p.messages).toHaveLength(1);
    expect(p.messages[0]!.role).toBe('user');
    const u = userText(p);
    expect(u).toContain('Scenario: release-meeting');
    expect(u).toContain('A team decides whether to ship.');
    expect(u).toContain('It is Thursday evening and the release is due tomorrow.');
    for (const id of ['alice', 'bob', 'narrator', 'analyst']) expect(u).toMatch(new RegExp(`^- ${id} \\(`, 'm'));
    const lines = ['narrator: The room is quiet.', 'bob: We can ship tomorrow.', 'alice: Show me the test results.'];
    const at = lines.map((l) => u.indexOf(l));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(u).toMatch(/JSON object/);
  });

  it.each(TASK_KINDS)('%s: has a valid response format and hints', (kind) => {
    const p = promptFor(makeTask(kind));
    expect(responseFormatSchema.safeParse(p.responseFormat).success).toBe(true);
    expect(llmHintsSchema.safeParse(p.hints).success).toBe(true);
    expect(p.hints.task_kind).toBe(kind);
    expect(p.hints.last_line).toBe('Show me the test results.');
    expect(p.hints.last_speaker).toBe('alice');
    expect(p.hints.situation).toBe('It is Thursday evening and the release is due tomorrow.');
    expect(p.hints.participants).not.toContain(p.hints.agent_id);
  });

  it('actor.turn: the system prompt carries the whole persona', () => {
    const p = buildActorTurnPrompt(makeTask('actor.turn'));
    for (const s of [
      'Skeptical engineer',
      'Twenty years of shipping software',
      'Find the flaw in the plan',
      'Keep the team honest',
      'temperament: dry',
      'patience: 3',
      'Ask for evidence',
      'Never insult anyone',
    ]) {
      expect(p.system).toContain(s);
    }
    const u = userText(p);
    expect(u).toContain('Round 2 of at most 6');
    expect(u).toContain('turn 4 of at most 12');
    expect(u).toContain('"action"');
    expect(p.hints).toMatchObject({
      agent_id: 'alice',
      persona_role: 'Skeptical engineer',
      goals: ['Find the flaw in the plan', 'Keep the team honest'],
      traits: { temperament: 'dry', patience: 3 },
      participants: ['bob'], // the actors among the others: nobody addresses the narrator or the analyst
      round: 2,
      max_rounds: 6,
      turn: 4,
      max_turns: 12,
    });
  });

  it('narrator prompts render the persona and the narrative settings', () => {
    for (const p of [buildSceneOpenPrompt(makeTask('scene.open')), buildRoundResolvePrompt(makeTask('round.resolve'))]) {
      expect(p.system).toContain('Chronicler of the meeting room');
      expect(p.system).toContain('Keep the scene moving');
      expect(p.system).toContain('Narrative style: dry and ironic');
      expect(p.system).toContain('second person');
      expect(userText(p)).toContain('"scene_concluded"');
    }
    expect(userText(buildRoundResolvePrompt(makeTask('round.resolve')))).toContain('Round 2 of at most 6 has ended');
  });

  it('narrator settings fall back to the template defaults', () => {
    const t = makeTask('scene.open');
    const p = buildSceneOpenPrompt({ ...t, agent: { ...t.agent, settings: {} } as typeof t.agent });
    expect(p.system).toContain('Narrative style: vivid and concise');
    expect(p.system).toContain('the third person');
  });

  it('analyst prompts render focus, metrics and the run statistics', () => {
    for (const p of [buildAnalysisCheckpointPrompt(makeTask('analysis.checkpoint')), buildAnalysisReportPrompt(makeTask('analysis.report'))]) {
      expect(p.system).toContain('Organisational psychologist');
      expect(p.system).toContain('Cite turn numbers');
      expect(p.system).toContain('Focus: who persuades whom');
      expect(p.system).toContain('persuasion_score, consensus');
      const u = userText(p);
      expect(u).toContain('turns by agent: alice: 1, bob: 2');
      expect(u).toContain('"metrics"');
    }
    expect(userText(buildAnalysisReportPrompt(makeTask('analysis.report')))).toContain('"highlights"');
  });

  it('an empty transcript says so and leaves the last line out of the hints', () => {
    const p = promptFor(makeTask('scene.open', { transcript: [], round: 0, turn: 0 }));
    expect(userText(p)).toContain('(nothing has happened yet)');
    expect(p.hints.last_line).toBeUndefined();
    expect(p.hints.last_speaker).toBeUndefined();
  });

  it('is deterministic: the same task gives the same prompt', () => {
    for (const kind of TASK_KINDS) expect(promptFor(makeTask(kind))).toEqual(promptFor(makeTask(kind)));
  });
});

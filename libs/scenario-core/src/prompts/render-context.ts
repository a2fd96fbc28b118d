import type { EngineTask, TranscriptEntry } from '@scrai/contracts';

/** Who speaks in a transcript line: the agent, or "scene" for lines nobody in particular said. */
export const speakerOf = (e: TranscriptEntry): string => e.agent_id ?? 'scene';

export function renderScenario(task: EngineTask): string {
  const s = task.scenario;
  const parts = [`Scenario: ${s.name}`];
  if (s.description.trim()) parts.push(s.description.trim());
  parts.push(`Opening situation:\n${s.opening_situation.trim()}`);
  return parts.join('\n\n');
}

/** Every participant with its engine and role; the task's own agent is marked. */
export function renderParticipants(task: EngineTask): string {
  const lines = task.participants.map(
    (p) => `- ${p.id} (${p.engine_type}): ${p.role}${p.id === task.agent.id ? ' <- you' : ''}`,
  );
  return `Participants:\n${lines.join('\n')}`;
}

/**
 * The transcript window, oldest first, one `agent: text` line per entry. No event numbers: control
 * events (pause, resume) take numbers too, and a paused run must get the same prompts as an unpaused one.
 */
export function renderTranscript(entries: readonly TranscriptEntry[]): string {
  if (entries.length === 0) return 'Transcript so far: (nothing has happened yet)';
  const lines = entries.map((e) => `${speakerOf(e)}: ${e.text}`);
  return `Transcript so far (oldest first):\n${lines.join('\n')}`;
}

/** The shared part of every user message: scenario, participants, transcript. */
export function renderContext(task: EngineTask): string {
  return [renderScenario(task), renderParticipants(task), renderTranscript(task.transcript)].join('\n\n');
}

export const JSON_ONLY = 'Reply with one JSON object and nothing else: no prose, no code fences.';

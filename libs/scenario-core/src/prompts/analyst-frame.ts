import { analystSettingsSchema, type AnalystSettings, type EngineTask, type RunStats } from '@scrai/contracts';
import { renderPersona } from './render-persona.js';

const DEFAULTS: AnalystSettings = analystSettingsSchema.parse({});

/** The analyst's settings, with the template defaults for anything the agent does not set. */
export function analystSettingsOf(task: EngineTask): AnalystSettings {
  const s = task.agent.settings as Partial<AnalystSettings>;
  return { focus: s.focus ?? DEFAULTS.focus, metrics: s.metrics ?? DEFAULTS.metrics };
}

/** The analyst's system prompt: the role of an observer, its persona, its focus and metrics. */
export function analystSystem(task: EngineTask): string {
  const s = analystSettingsOf(task);
  const metrics = s.metrics.length
    ? `Metrics to report (use exactly these names as keys): ${s.metrics.join(', ')}.`
    : 'Metrics to report: choose a few that fit your focus (short snake_case names).';
  return [
    'You are the analyst of a multi-agent role-play scenario. You observe the whole transcript, including ' +
      'private thoughts, and you never take part in the scene.',
    renderPersona(task.agent),
    `Focus: ${s.focus}.`,
    metrics,
  ].join('\n\n');
}

/** Aggregates of the whole run, which may be longer than the transcript window. */
export function renderStats(stats: RunStats): string {
  const byAgent = Object.entries(stats.turns_by_agent).map(([id, n]) => `${id}: ${n}`).join(', ') || 'none';
  const actions = Object.entries(stats.actions).map(([a, n]) => `${a}: ${n}`).join(', ') || 'none';
  return [
    'Run statistics so far:',
    `- turns: ${stats.turns}, rounds: ${stats.rounds}`,
    `- turns by agent: ${byAgent}`,
    `- actions: ${actions}`,
    `- agents who left: ${stats.done_agents.join(', ') || 'none'}`,
  ].join('\n');
}

export const METRICS_FIELD =
  '- "metrics": an object of metric name to value (a number, a short string or a boolean)';

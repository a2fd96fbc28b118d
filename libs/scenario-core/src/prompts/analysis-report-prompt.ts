import type { EngineTask } from '@scrai/contracts';
import type { Prompt } from './prompt.js';
import { JSON_ONLY, renderContext } from './render-context.js';
import { METRICS_FIELD, analystSystem, renderStats } from './analyst-frame.js';
import { responseFormatOf } from './response-formats.js';
import { hintsOf } from './prompt-hints.js';

const REPORT_ANSWER = [
  'Answer with a JSON object with these fields:',
  '- "report": your final analysis of the whole run (a few paragraphs)',
  '- "highlights": the most telling moments, one short sentence each (at most 10)',
  METRICS_FIELD,
].join('\n');

/** analysis.report: the analyst's final report once the run has ended. */
export function buildAnalysisReportPrompt(task: EngineTask): Prompt {
  const user = [
    renderContext(task),
    renderStats(task.stats),
    `The run has ended after ${task.turn} actor turns in ${task.round} rounds.`,
    'Write the final report of the scenario.',
    REPORT_ANSWER,
    JSON_ONLY,
  ].join('\n\n');
  return { system: analystSystem(task), messages: [{ role: 'user', content: user }], responseFormat: responseFormatOf(task.kind), hints: hintsOf(task) };
}

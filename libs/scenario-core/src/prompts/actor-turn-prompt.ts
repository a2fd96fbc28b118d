import { ACTOR_ACTIONS, type ActorAction, type EngineTask, type ResponseFormat } from '@scrai/contracts';
import type { Prompt } from './prompt.js';
import { renderPersona } from './render-persona.js';
import { JSON_ONLY, renderContext } from './render-context.js';
import { responseFormatOf } from './response-formats.js';
import { hintsOf } from './prompt-hints.js';

const ACTOR_FRAME =
  'You are one of the characters of a multi-agent role-play scenario. Stay in character, speak only for ' +
  'yourself, and react to what the others said and did.';

const ACTION_MEANINGS: Record<ActorAction, string> = {
  speak: '"speak" (say something aloud)',
  act: '"act" (do something visible)',
  think: '"think" (a private thought only you see)',
  done: '"done" (you have nothing more to add and leave the discussion)',
};

/** The actions this task allows: all four unless the scenario restricts them. */
export const allowedActionsOf = (task: EngineTask): readonly ActorAction[] => task.scenario.actor_actions ?? ACTOR_ACTIONS;

const actorAnswer = (allowed: readonly ActorAction[]) =>
  [
    'Answer with a JSON object with these fields:',
    `- "action": one of ${allowed.map((a) => ACTION_MEANINGS[a]).join(', ')}`,
    '- "content": what you say, do or think (a few sentences at most, in your own voice)',
    '- "target": the id of the participant you address, or null',
  ].join('\n');

/** The actor-turn response format with the action enum narrowed to what the scenario allows. */
function actorResponseFormat(task: EngineTask): ResponseFormat {
  const format = responseFormatOf(task.kind);
  const allowed = allowedActionsOf(task);
  if (format.type !== 'json_schema' || allowed.length === ACTOR_ACTIONS.length) return format;
  const action = (format.schema.properties as Record<string, Record<string, unknown>> | undefined)?.action;
  if (action) action.enum = [...allowed];
  return format;
}

/** actor.turn: one actor takes its turn. */
export function buildActorTurnPrompt(task: EngineTask): Prompt {
  const system = [ACTOR_FRAME, renderPersona(task.agent)].join('\n\n');
  const user = [
    renderContext(task),
    `Round ${task.round} of at most ${task.max_rounds}; this is turn ${task.turn + 1} of at most ${task.max_turns}.`,
    `It is your turn, ${task.agent.id}. Decide what you do next.`,
    actorAnswer(allowedActionsOf(task)),
    JSON_ONLY,
  ].join('\n\n');
  return { system, messages: [{ role: 'user', content: user }], responseFormat: actorResponseFormat(task), hints: hintsOf(task) };
}

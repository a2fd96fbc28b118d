import type { EngineTask } from '@scrai/contracts';
import type { Prompt } from './prompt.js';
import { renderPersona } from './render-persona.js';
import { JSON_ONLY, renderContext } from './render-context.js';
import { responseFormatOf } from './response-formats.js';
import { hintsOf } from './prompt-hints.js';

const ACTOR_FRAME =
  'You are one of the characters of a multi-agent role-play scenario. Stay in character, speak only for ' +
  'yourself, and react to what the others said and did.';

const ACTOR_ANSWER = [
  'Answer with a JSON object with these fields:',
  '- "action": one of "speak" (say something aloud), "act" (do something visible), "think" (a private thought only you see), "done" (you have nothing more to add and leave the discussion)',
  '- "content": what you say, do or think (a few sentences at most, in your own voice)',
  '- "target": the id of the participant you address, or null',
].join('\n');

/** actor.turn: one actor takes its turn. */
export function buildActorTurnPrompt(task: EngineTask): Prompt {
  const system = [ACTOR_FRAME, renderPersona(task.agent)].join('\n\n');
  const user = [
    renderContext(task),
    `Round ${task.round} of at most ${task.max_rounds}; this is turn ${task.turn + 1} of at most ${task.max_turns}.`,
    `It is your turn, ${task.agent.id}. Decide what you do next.`,
    ACTOR_ANSWER,
    JSON_ONLY,
  ].join('\n\n');
  return { system, messages: [{ role: 'user', content: user }], responseFormat: responseFormatOf(task.kind), hints: hintsOf(task) };
}

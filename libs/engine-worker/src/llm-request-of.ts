import { ACTOR_SPOKEN_FIELD, type ChatMessage, type EngineTask, type LlmRequest } from '@scrai/contracts';
import type { Prompt } from '@scrai/scenario-core';

/**
 * Deterministic per delivery and attempt: the same delivery asks under the same id (a repeated
 * publish of its call record is deduped), and a redelivered task's calls are counted as the extra
 * calls they are. The answer does not depend on the id (the mock hashes the request, not its id).
 */
export const llmRequestIdOf = (taskId: string, attempt: number, delivery = 1): string => `${taskId}:d${delivery}:a${attempt}`;

/**
 * The llm-gateway request of one attempt at a task: the prompt, the agent's model settings, the
 * task's seed, the run's cache mode and budget, and streaming for an actor's turn in a streamed run.
 */
export function llmRequestOf(task: EngineTask, prompt: Prompt, messages: ChatMessage[], attempt: number, delivery = 1): LlmRequest {
  const llm = task.agent.llm;
  return {
    request_id: llmRequestIdOf(task.task_id, attempt, delivery),
    run_id: task.run_id,
    agent_id: task.agent.id,
    provider: llm.provider,
    model: llm.model,
    system: prompt.system,
    messages,
    temperature: llm.temperature,
    max_tokens: llm.max_tokens,
    seed: task.seed,
    response_format: prompt.responseFormat,
    hints: prompt.hints,
    ...(task.scenario.llm_cache ? { cache_mode: task.scenario.llm_cache } : {}),
    ...(task.scenario.budget ? { budget: task.scenario.budget } : {}),
    ...streamingOf(task, prompt),
  };
}

/**
 * Only actor turns stream (scenario `stream`, copied onto the run's actors): of a structured answer
 * just the spoken field, so viewers see the line being said, not the JSON around it.
 */
function streamingOf(task: EngineTask, prompt: Prompt): Pick<LlmRequest, 'stream' | 'stream_field'> {
  if (task.kind !== 'actor.turn' || task.agent.engine_type !== 'actor' || !task.agent.settings.stream) return {};
  return prompt.responseFormat.type === 'json_schema' ? { stream: true, stream_field: ACTOR_SPOKEN_FIELD } : { stream: true };
}

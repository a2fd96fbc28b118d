import type { ChatMessage, EngineTask, LlmRequest } from '@scrai/contracts';
import type { Prompt } from '@scrai/scenario-core';

/** Deterministic per attempt, so a redelivered task asks the same questions under the same ids. */
export const llmRequestIdOf = (taskId: string, attempt: number): string => `${taskId}:a${attempt}`;

/** The llm-gateway request of one attempt at a task: the prompt, the agent's model settings, the task's seed. */
export function llmRequestOf(task: EngineTask, prompt: Prompt, messages: ChatMessage[], attempt: number): LlmRequest {
  const llm = task.agent.llm;
  return {
    request_id: llmRequestIdOf(task.task_id, attempt),
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
  };
}

import type { ChatMessage, LlmHints, ResponseFormat } from '@scrai/contracts';

/** Everything an engine sends to the model for one task, apart from the model settings. */
export interface Prompt {
  system: string;
  messages: ChatMessage[];
  responseFormat: ResponseFormat;
  hints: LlmHints;
}

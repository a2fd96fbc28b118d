import type { ChatMessage } from '@scrai/contracts';

/**
 * The turns appended to a conversation whose answer could not be used: the model's own answer, then
 * a short request to answer again, saying why.
 */
export function repairMessages(badAnswer: string, reason: string): ChatMessage[] {
  return [
    { role: 'assistant', content: badAnswer.trim() || '(empty answer)' },
    {
      role: 'user',
      content: `Your previous answer could not be used: ${reason}. Reply again with one JSON object in the requested format and nothing else.`,
    },
  ];
}

import type { WireToolCall } from '../tool-call-arguments.js';

/** One piece of a streamed tool call (the shape of a chat completion chunk's `delta.tool_calls[i]`). */
export interface ToolCallPiece {
  index: number;
  id?: string;
  function?: { name?: string; arguments?: string };
}

/**
 * Tool calls rebuilt from a chat completions stream: each call arrives in pieces tagged with its
 * index, the id and name in the first, the arguments as text fragments in order (pieces of parallel
 * calls may interleave). Calls come out in index order.
 */
export class StreamedToolCalls {
  private readonly byIndex = new Map<number, WireToolCall>();

  add(piece: ToolCallPiece): void {
    const call = this.byIndex.get(piece.index) ?? { id: '', name: '', raw: '' };
    if (piece.id) call.id = piece.id;
    // The name comes whole in the first piece (some compatible servers repeat it in every piece).
    if (piece.function?.name && !call.name) call.name = piece.function.name;
    if (piece.function?.arguments) call.raw += piece.function.arguments;
    this.byIndex.set(piece.index, call);
  }

  calls(): WireToolCall[] {
    return [...this.byIndex.entries()].sort(([a], [b]) => a - b).map(([index, c]) => ({ ...c, id: c.id || `call_${index}` }));
  }
}

import { jsonSchemaOf, type ResponseFormat, type TaskKind } from '@scrai/contracts';
import { taskOutputSchemas } from './task-outputs.js';

const FORMAT_NAMES: Record<TaskKind, string> = {
  'scene.open': 'narration',
  'actor.turn': 'actor_turn',
  'round.resolve': 'narration',
  'analysis.checkpoint': 'analysis_checkpoint',
  'analysis.report': 'analysis_report',
};

const cache = new Map<TaskKind, ResponseFormat>();

/** The JSON Schema response format of a task kind, generated from its contracts output schema. */
export function responseFormatOf(kind: TaskKind): ResponseFormat {
  let f = cache.get(kind);
  if (!f) {
    f = { type: 'json_schema', name: FORMAT_NAMES[kind], schema: jsonSchemaOf(taskOutputSchemas[kind], 'output') };
    cache.set(kind, f);
  }
  return { type: 'json_schema', name: f.name, schema: JSON.parse(JSON.stringify(f.schema)) as Record<string, unknown> };
}

import { jsonSchemaOf, type ResponseFormat, type TaskKind } from '@scrai/contracts';
import { taskOutputSchemas } from './task-outputs.js';

const FORMAT_NAMES: Record<TaskKind, string> = {
  'scene.open': 'narration',
  'actor.turn': 'actor_turn',
  'round.resolve': 'narration',
  'analysis.checkpoint': 'analysis_checkpoint',
  'analysis.report': 'analysis_report',
};

const schemas = new Map<TaskKind, string>();

/** The JSON Schema response format of a task kind, generated from its contracts output schema. */
export function responseFormatOf(kind: TaskKind): ResponseFormat {
  let json = schemas.get(kind);
  if (json === undefined) {
    json = JSON.stringify(jsonSchemaOf(taskOutputSchemas[kind], 'output'));
    schemas.set(kind, json);
  }
  // A fresh copy each time: callers own what they get.
  return { type: 'json_schema', name: FORMAT_NAMES[kind], schema: JSON.parse(json) as Record<string, unknown> };
}

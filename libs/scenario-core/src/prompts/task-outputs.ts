import {
  actorTurnOutputSchema,
  checkpointOutputSchema,
  narrationOutputSchema,
  reportOutputSchema,
  type ActorTurnOutput,
  type CheckpointOutput,
  type NarrationOutput,
  type ReportOutput,
  type TaskKind,
} from '@scrai/contracts';

/** The structured answer each task kind asks the model for. */
export interface TaskOutputs {
  'scene.open': NarrationOutput;
  'actor.turn': ActorTurnOutput;
  'round.resolve': NarrationOutput;
  'analysis.checkpoint': CheckpointOutput;
  'analysis.report': ReportOutput;
}
export type TaskOutput = TaskOutputs[TaskKind];

/** The contracts schema that validates each kind's answer (also sent to the model as a JSON Schema). */
export const taskOutputSchemas = {
  'scene.open': narrationOutputSchema,
  'actor.turn': actorTurnOutputSchema,
  'round.resolve': narrationOutputSchema,
  'analysis.checkpoint': checkpointOutputSchema,
  'analysis.report': reportOutputSchema,
} as const;

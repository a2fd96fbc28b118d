import { InitialSchema1764000000000 } from './1764000000000-initial-schema.js';
import { TemplateSeeds1764000000001 } from './1764000000001-template-seeds.js';
import { RunStatusPaused1764000000002 } from './1764000000002-run-status-paused.js';
import { EngineInstanceDetails1764000000003 } from './1764000000003-engine-instance-details.js';
import { TaskAttempts1764000000004 } from './1764000000004-task-attempts.js';
import { LlmCallCosts1764000000005 } from './1764000000005-llm-call-costs.js';
import { RunStatusBudget1764000000006 } from './1764000000006-run-status-budget.js';

/** Every migration, oldest first. A new one is a new class here; never edit one that has shipped. */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  TemplateSeeds1764000000001,
  RunStatusPaused1764000000002,
  EngineInstanceDetails1764000000003,
  TaskAttempts1764000000004,
  LlmCallCosts1764000000005,
  RunStatusBudget1764000000006,
];

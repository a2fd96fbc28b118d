import { AgentInstanceEntity } from './agent-instance.entity.js';
import { EngineInstanceEntity } from './engine-instance.entity.js';
import { EventEntity } from './event.entity.js';
import { LlmCallEntity } from './llm-call.entity.js';
import { RunEntity } from './run.entity.js';
import { TemplateEntity } from './template.entity.js';

export { AgentInstanceEntity, EngineInstanceEntity, EventEntity, LlmCallEntity, RunEntity, TemplateEntity };

export const ENTITIES = [TemplateEntity, RunEntity, AgentInstanceEntity, EventEntity, EngineInstanceEntity, LlmCallEntity];

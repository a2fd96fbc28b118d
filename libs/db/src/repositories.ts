import type { DataSource } from 'typeorm';
import { EngineInstancesRepository } from './engine-instances-repository.js';
import { EventsRepository } from './events-repository.js';
import { LlmCallsRepository } from './llm-calls-repository.js';
import { RunsRepository } from './runs-repository.js';
import { TaskAttemptsRepository } from './task-attempts-repository.js';
import { TemplatesRepository } from './templates-repository.js';

export interface Repositories {
  templates: TemplatesRepository;
  runs: RunsRepository;
  events: EventsRepository;
  llmCalls: LlmCallsRepository;
  engines: EngineInstancesRepository;
  taskAttempts: TaskAttemptsRepository;
}

export function createRepositories(ds: DataSource): Repositories {
  return {
    templates: new TemplatesRepository(ds),
    runs: new RunsRepository(ds),
    events: new EventsRepository(ds),
    llmCalls: new LlmCallsRepository(ds),
    engines: new EngineInstancesRepository(ds),
    taskAttempts: new TaskAttemptsRepository(ds),
  };
}

export { createDataSource, closeDataSource, pingDatabase, MIGRATIONS_TABLE, type DataSource, type DataSourceOptions } from './data-source.js';
export { runMigrations, pendingMigrations, MIGRATION_LOCK_KEY } from './run-migrations.js';
export { createRepositories, type Repositories } from './repositories.js';
export { TemplatesRepository, type NewTemplate, type TemplateChange } from './templates-repository.js';
export { RunsRepository, type AppliedEvents, type RunListFilter } from './runs-repository.js';
export { EventsRepository, type EventPageRequest } from './events-repository.js';
export { LlmCallsRepository } from './llm-calls-repository.js';
export { TaskAttemptsRepository } from './task-attempts-repository.js';
export {
  EngineInstancesRepository,
  type EngineObservation,
  type EngineListFilter,
  type LiveEngineRow,
} from './engine-instances-repository.js';
export { runEffectsOf, type RunEffect, type TerminalStatus } from './run-event-effects.js';
export { isDataError, isUniqueViolation, sqlStateOf } from './database-errors.js';
export type { EventJsonOf } from './apply-events-sql.js';

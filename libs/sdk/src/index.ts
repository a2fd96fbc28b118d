export { ScraiClient, type ScraiClientOptions, type ListRunsOptions, type ListEventsOptions, type StreamEventsOptions, type WaitForRunOptions } from './scrai-client.js';
export { ScraiApiError, ScraiTimeoutError } from './scrai-api-error.js';
export { readSseFrames, type SseFrame } from './sse-reader.js';
export type {
  AgentTemplateInput,
  ScenarioTemplateInput,
  CreateRunRequestInput,
  RunRecord,
  RunEvent,
  RunStatus,
  TemplateRecord,
  TemplateKind,
  Page,
  EventPage,
  HealthReport,
  ApiError,
} from '@scrai/contracts';

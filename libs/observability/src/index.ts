export * from './logger.js';
export * from './trace-id.js';
export * from './metrics-registry.js';
export * from './metrics-server.js';
export * from './traceparent-context.js';
export * from './tracing.js';

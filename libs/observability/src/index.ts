export * from './logger.js';
export * from './trace-id.js';

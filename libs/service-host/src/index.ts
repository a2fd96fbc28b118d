export * from './service-context.js';
export * from './readiness.js';
export * from './host-module.js';
export * from './run-service.js';

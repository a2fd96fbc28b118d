// Lint: TypeScript rules everywhere, plus the purity rule of scenario-core (the deterministic heart
// may not import I/O: no node built-ins, broker, database, framework or LLM clients).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export const IO_IMPORTS = {
  patterns: [
    { group: ['node:*'], message: 'scenario-core is pure: no Node built-ins (time, randomness and ids come from the caller).' },
    { group: ['@nestjs/*', '@nats-io/*', 'typeorm', 'pg', 'openai', '@anthropic-ai/*', 'ollama', 'pino', '@opentelemetry/*'], message: 'scenario-core is pure: no I/O libraries.' },
    { group: ['@scrai/messaging', '@scrai/db', '@scrai/llm', '@scrai/observability', '@scrai/service-host', '@scrai/engine-worker', '@scrai/devstack', '@scrai/sdk'], message: 'scenario-core may depend only on @scrai/contracts.' },
  ],
  paths: ['fs', 'path', 'os', 'http', 'https', 'net', 'crypto', 'child_process', 'worker_threads', 'timers', 'events', 'stream', 'dns', 'cluster'].map((name) => ({
    name,
    message: 'scenario-core is pure: no Node built-ins.',
  })),
};

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'var/**', 'coverage/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', structuredClone: 'readonly', performance: 'readonly', fetch: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'read the environment only in a service config (src/config.ts / main.ts).' }],
    },
  },
  {
    files: ['services/*/src/config.ts', 'services/*/src/main.ts', 'libs/cli/src/**', 'scripts/**', 'tests/**', 'libs/*/test/**', 'services/*/test/**', 'jest.config.js', 'eslint.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['libs/scenario-core/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', IO_IMPORTS],
      'no-restricted-globals': ['error',
        { name: 'Date', message: 'scenario-core gets time from its caller (ctx.now).' },
        { name: 'setTimeout', message: 'scenario-core has no timers.' },
        { name: 'setInterval', message: 'scenario-core has no timers.' },
        { name: 'fetch', message: 'scenario-core does no I/O.' },
        { name: 'process', message: 'scenario-core does not read the process.' },
      ],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'scenario-core uses the run seed, never Math.random.' }],
    },
  },
);

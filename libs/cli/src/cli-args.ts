import { parseArgs } from 'node:util';

export const DEMO_DEFAULTS = {
  scenario: 'town-hall-debate',
  seed: 42,
  timeoutSeconds: 300,
} as const;

export interface StartArgs {
  command: 'start';
  /** Every service log line on the console, not only warnings and errors. */
  verbose: boolean;
  /** false when --no-color was given; undefined lets the terminal decide. */
  color?: false;
}

export interface DemoArgs {
  command: 'demo';
  scenario: string;
  seed: number;
  /** Mock LLM latency spec (SCRAI_MOCK_LATENCY), e.g. `0` or `fixed:50`; undefined keeps the default. */
  latency?: string;
  maxTurns?: number;
  /** Bound on the whole demo: bring-up, run and report. */
  timeoutSeconds: number;
  color?: false;
}

export type CliArgs =
  | { command: 'help' }
  | StartArgs
  | DemoArgs
  | { command: 'invalid'; message: string };

const COMMANDS = ['start', 'demo', 'help'] as const;

/** Reads the command line (without `node` and the script path). Pure: never exits, never prints. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') return { command: 'help' };
  if (!(COMMANDS as readonly string[]).includes(command)) {
    return { command: 'invalid', message: `unknown command "${command}"` };
  }
  try {
    return command === 'start' ? parseStart(rest) : parseDemo(rest);
  } catch (err) {
    return { command: 'invalid', message: `${command}: ${(err as Error).message}` };
  }
}

function parseStart(argv: string[]): CliArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      verbose: { type: 'boolean', short: 'v' },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { command: 'help' };
  return { command: 'start', verbose: values.verbose === true, ...(values['no-color'] ? { color: false as const } : {}) };
}

function parseDemo(argv: string[]): CliArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      scenario: { type: 'string', short: 's' },
      seed: { type: 'string' },
      latency: { type: 'string' },
      'max-turns': { type: 'string' },
      timeout: { type: 'string' },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { command: 'help' };
  const scenario = values.scenario ?? DEMO_DEFAULTS.scenario;
  if (scenario.trim() === '') throw new Error('--scenario needs a scenario template name or id');
  const latency = values.latency;
  if (latency !== undefined && latency.trim() === '') throw new Error('--latency needs a latency spec, e.g. 0 or fixed:50');
  const maxTurns = values['max-turns'] === undefined ? undefined : integerOption('--max-turns', values['max-turns'], 1, 100_000);
  return {
    command: 'demo',
    scenario,
    seed: values.seed === undefined ? DEMO_DEFAULTS.seed : integerOption('--seed', values.seed, 0, 2 ** 31 - 1),
    ...(latency !== undefined ? { latency: latency.trim() } : {}),
    ...(maxTurns !== undefined ? { maxTurns } : {}),
    timeoutSeconds: values.timeout === undefined ? DEMO_DEFAULTS.timeoutSeconds : integerOption('--timeout', values.timeout, 1, 86_400),
    ...(values['no-color'] ? { color: false as const } : {}),
  };
}

function integerOption(flag: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw.trim())) throw new Error(`${flag} needs a whole number, got "${raw}"`);
  const n = Number(raw.trim());
  if (n < min || n > max) throw new Error(`${flag} must be between ${min} and ${max}, got ${n}`);
  return n;
}

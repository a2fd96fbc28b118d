import { describe, expect, it } from '@jest/globals';
import { parseCliArgs } from '../src/cli-args.js';

describe('parseCliArgs', () => {
  it('shows help without a command, for help, --help and -h', () => {
    for (const argv of [[], ['help'], ['--help'], ['-h'], ['demo', '--help'], ['start', '-h']]) {
      expect(parseCliArgs(argv)).toEqual({ command: 'help' });
    }
  });

  it('rejects an unknown command', () => {
    expect(parseCliArgs(['launch'])).toEqual({ command: 'invalid', message: 'unknown command "launch"' });
  });

  it('reads start with its defaults and flags', () => {
    expect(parseCliArgs(['start'])).toEqual({ command: 'start', verbose: false });
    expect(parseCliArgs(['start', '--verbose', '--no-color'])).toEqual({ command: 'start', verbose: true, color: false });
  });

  it('gives demo its defaults', () => {
    expect(parseCliArgs(['demo'])).toEqual({ command: 'demo', scenario: 'town-hall-debate', seed: 42, timeoutSeconds: 300 });
  });

  it('reads every demo flag, in both --flag value and --flag=value form', () => {
    expect(
      parseCliArgs(['demo', '--scenario', 'negotiation', '--seed=7', '--latency', 'fixed:50', '--max-turns', '6', '--timeout=60', '--no-color']),
    ).toEqual({ command: 'demo', scenario: 'negotiation', seed: 7, latency: 'fixed:50', maxTurns: 6, timeoutSeconds: 60, color: false });
    expect(parseCliArgs(['demo', '--latency', '0'])).toMatchObject({ latency: '0' });
  });

  it('explains bad numbers, unknown flags and positionals', () => {
    expect(parseCliArgs(['demo', '--seed', 'x'])).toEqual({ command: 'invalid', message: 'demo: --seed needs a whole number, got "x"' });
    expect(parseCliArgs(['demo', '--seed', '-1'])).toMatchObject({ command: 'invalid' });
    expect(parseCliArgs(['demo', '--max-turns', '0'])).toEqual({ command: 'invalid', message: 'demo: --max-turns must be between 1 and 100000, got 0' });
    expect(parseCliArgs(['demo', '--colour'])).toMatchObject({ command: 'invalid', message: expect.stringContaining("--colour") });
    expect(parseCliArgs(['start', 'now'])).toMatchObject({ command: 'invalid', message: expect.stringMatching(/^start: /) });
    expect(parseCliArgs(['demo', '--scenario', ' '])).toMatchObject({ command: 'invalid' });
  });
});

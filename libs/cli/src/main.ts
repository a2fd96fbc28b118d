#!/usr/bin/env node
// The `scrai` command. The only file that reads process.argv and process.env.
import { fileURLToPath } from 'node:url';
import { parseCliArgs } from './cli-args.js';
import { runDemo } from './demo-command.js';
import { errorText } from './error-text.js';
import { readStackSettings, type StackSettings } from './stack-settings.js';
import { runStart } from './start-command.js';
import { usageText } from './usage-text.js';

/** libs/cli/dist/main.js → the repository root. */
const rootDir = fileURLToPath(new URL('../../..', import.meta.url)).replace(/\/$/, '');

async function main(): Promise<number> {
  const args = parseCliArgs(process.argv.slice(2));
  if (args.command === 'help') {
    process.stdout.write(usageText());
    return 0;
  }
  if (args.command === 'invalid') {
    process.stderr.write(`scrai: ${args.message}\n\n${usageText()}`);
    return 1;
  }
  let settings: StackSettings;
  try {
    settings = readStackSettings(process.env);
  } catch (err) {
    process.stderr.write(`scrai: ${errorText(err)}\n`);
    return 1;
  }
  const common = {
    settings,
    rootDir,
    baseEnv: process.env,
    out: process.stdout,
    err: process.stderr,
    exit: (code: number) => process.exit(code),
  };
  return args.command === 'start' ? runStart({ ...common, args }) : runDemo({ ...common, args });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`scrai: ${errorText(err)}\n`);
    process.exit(1);
  },
);

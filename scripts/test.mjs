#!/usr/bin/env node
// The one test command (`pnpm test [jest args]`): builds, then runs jest on the TypeScript sources.
// unit + integration run with 2 workers; e2e suites start whole stacks, so they run one at a time
// in a second jest pass. Ends with one plain line "N passed, N failed"; exits non-zero on failure.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, 'var');
const args = process.argv.slice(2);

function run(command, commandArgs, env = process.env) {
  const r = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', env });
  if (r.error) {
    console.error(`cannot run ${command}: ${r.error.message}`);
    return 1;
  }
  return r.status ?? 1;
}

/** Projects named by the caller's --selectProjects (either form), or undefined. */
function selectedProjects(argv) {
  const i = argv.findIndex((a) => a === '--selectProjects' || a.startsWith('--selectProjects='));
  if (i < 0) return undefined;
  if (argv[i].includes('=')) return argv[i].split('=')[1].split(',');
  const names = [];
  for (let j = i + 1; j < argv.length && !argv[j].startsWith('-'); j++) names.push(argv[j]);
  return names;
}

function jestPasses() {
  const chosen = selectedProjects(args);
  if (chosen) {
    const workers = chosen.includes('e2e') || chosen.includes('chaos') ? '--maxWorkers=1' : '--maxWorkers=2';
    return [{ name: 'selected', args: [workers, ...args] }];
  }
  return [
    { name: 'parallel', args: ['--selectProjects', 'unit', 'integration', '--maxWorkers=2', '--passWithNoTests', ...args] },
    { name: 'e2e', args: ['--selectProjects', 'e2e', 'chaos', '--maxWorkers=1', '--passWithNoTests', ...args] },
  ];
}

function readResults(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

const buildCode = run('pnpm', ['-s', 'build']);
if (buildCode !== 0) {
  console.error(`build failed (exit ${buildCode}); tests not run`);
  process.exit(buildCode);
}

mkdirSync(resultsDir, { recursive: true });
const env = {
  ...process.env,
  NODE_OPTIONS: [process.env.NODE_OPTIONS, '--experimental-vm-modules', '--disable-warning=ExperimentalWarning']
    .filter(Boolean)
    .join(' '),
};
const jestBin = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const combined = {
  success: true,
  numPassedTests: 0,
  numFailedTests: 0,
  numTotalTests: 0,
  numRuntimeErrorTestSuites: 0,
  testResults: [],
};
let exitCode = 0;
for (const pass of jestPasses()) {
  const outputFile = join(resultsDir, `jest-results-${pass.name}.json`);
  writeFileSync(outputFile, '');
  const code = run(process.execPath, [jestBin, '--json', '--outputFile', outputFile, ...pass.args], env);
  if (code !== 0 && exitCode === 0) exitCode = code;
  const results = readResults(outputFile);
  if (!results) {
    combined.success = false;
    continue;
  }
  combined.success &&= results.success;
  combined.numPassedTests += results.numPassedTests;
  combined.numFailedTests += results.numFailedTests;
  combined.numTotalTests += results.numTotalTests;
  combined.numRuntimeErrorTestSuites += results.numRuntimeErrorTestSuites;
  combined.testResults.push(...results.testResults);
}
writeFileSync(join(resultsDir, 'jest-results.json'), JSON.stringify(combined, null, 2));

if (combined.numTotalTests === 0 && args.length > 0) {
  console.error(`no tests matched: ${args.join(' ')}`);
  exitCode ||= 1;
}
const broken = combined.numRuntimeErrorTestSuites;
if (broken > 0) console.log(`${broken} test suite${broken === 1 ? '' : 's'} failed to run`);
console.log(`${combined.numPassedTests} passed, ${combined.numFailedTests} failed`);
process.exit(exitCode);

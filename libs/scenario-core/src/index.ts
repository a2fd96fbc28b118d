export * from './run-state.js';
export { decide } from './decide.js';
export { failRun } from './fail-run.js';
export { taskSeed } from './task-seed.js';
export { rosterOf, maxRoundsOf, type Roster } from './roster.js';
export { visibleWindow } from './transcript-window.js';
export * from './prompts/index.js';

import { describe, expect, it } from '@jest/globals';
import { finalReportLines } from '../src/final-report.js';
import { runSummaryLine } from '../src/run-summary.js';
import { terminalStyle } from '../src/terminal-style.js';

const ID = '3f0c1d52-8a41-4c59-9d7e-2b7f1c0a9e11';

describe('runSummaryLine', () => {
  const run = { id: ID, turn_count: 12, event_count: 31, end_reason: 'max_turns', error: null };
  it('is exactly the completed line', () => {
    expect(runSummaryLine({ ...run, status: 'completed' })).toBe(`run ${ID} completed: 12 turns, 31 events`);
  });
  it('says why a run did not complete', () => {
    expect(runSummaryLine({ ...run, status: 'failed', error: 'boom' })).toBe(`run ${ID} failed: boom (12 turns, 31 events)`);
    expect(runSummaryLine({ ...run, status: 'stopped', end_reason: 'stopped' })).toBe(`run ${ID} stopped (stopped): 12 turns, 31 events`);
    expect(runSummaryLine({ ...run, status: 'running' })).toBe(`run ${ID} is still running: 12 turns, 31 events`);
  });
});

describe('finalReportLines', () => {
  it('prints the report, highlights and aligned metrics', () => {
    const lines = finalReportLines(
      { turns: 12, report: 'The room split.\n\nNo vote.', highlights: ['mayor conceded'], metrics: { tension: 0.5, consensus: false }, usage: null },
      terminalStyle(false),
    );
    expect(lines).toEqual([
      '',
      'Analyst report (12 turns)',
      '  The room split.',
      '',
      '  No vote.',
      '',
      'Highlights',
      '  • mayor conceded',
      '',
      'Metrics',
      '  tension    0.5',
      '  consensus  false',
      '',
    ]);
  });
  it('leaves out empty sections', () => {
    expect(finalReportLines({ turns: 1, report: 'r', highlights: [], metrics: {}, usage: null }, terminalStyle(false))).toEqual([
      '',
      'Analyst report (1 turns)',
      '  r',
      '',
    ]);
  });
});

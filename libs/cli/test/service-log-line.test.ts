import { describe, expect, it } from '@jest/globals';
import { crashReportLines } from '../src/crash-report.js';
import { isNotable, readServiceLogLine } from '../src/service-log-line.js';
import { startBannerLines } from '../src/start-banner.js';
import { terminalStyle } from '../src/terminal-style.js';
import { wrapText } from '../src/text-wrap.js';

describe('readServiceLogLine', () => {
  it('reads pino records and keeps other lines', () => {
    expect(readServiceLogLine('{"level":50,"msg":"cannot connect","err":{"message":"ECONNREFUSED"}}')).toEqual({
      level: 50,
      text: 'ERROR cannot connect (ECONNREFUSED)',
    });
    expect(readServiceLogLine('{"level":30,"msg":"ready"}')).toEqual({ level: 30, text: 'INFO ready' });
    expect(readServiceLogLine('{"level":"warn","msg":"slow","error":"timeout"}')).toEqual({ level: 40, text: 'WARN slow (timeout)' });
    expect(readServiceLogLine('{"level":"loud","msg":"?"}')).toEqual({ text: '{"level":"loud","msg":"?"}' });
    expect(readServiceLogLine('    at main (file.js:1:1)')).toEqual({ text: '    at main (file.js:1:1)' });
    expect(readServiceLogLine('{not json')).toEqual({ text: '{not json' });
  });
  it('treats warnings, errors and non-JSON output as notable', () => {
    expect(isNotable({ level: 30, text: '' })).toBe(false);
    expect(isNotable({ level: 40, text: '' })).toBe(true);
    expect(isNotable({ text: 'Error: x' })).toBe(true);
  });
});

describe('crashReportLines', () => {
  it('names the instance and shows its last lines readably', () => {
    const exit = { name: 'persistence', instance: 0, pid: 123, code: 1, signal: null, requested: false, at: new Date() };
    expect(crashReportLines(exit, ['{"level":60,"msg":"migration failed"}', 'Error: boom'], 'var/logs/persistence-0.log')).toEqual([
      'service persistence-0 (pid 123) crashed with code 1; its last log lines (full log: var/logs/persistence-0.log):',
      '  | FATAL migration failed',
      '  | Error: boom',
    ]);
  });
});

describe('startBannerLines', () => {
  it('shows the API, OpenAPI, gRPC, logs, a curl example and how to stop', () => {
    const text = startBannerLines(
      { gatewayUrl: 'http://localhost:8080', grpcPort: 50051, namespace: 'scrai', logDir: '/r/var/logs', orchestrators: 2, seconds: 3.21 },
      terminalStyle(false),
    ).join('\n');
    expect(text).toContain('http://localhost:8080/api/v1');
    expect(text).toContain('http://localhost:8080/api/docs');
    expect(text).toContain('port 50051');
    expect(text).toContain('/r/var/logs/<service>-<i>.log');
    expect(text).toContain(`curl -X POST localhost:8080/api/v1/runs -H 'content-type: application/json' -d '{"scenario":"town-hall-debate"}'`);
    expect(text).toContain('Ctrl-C to stop');
  });
});

describe('wrapText', () => {
  it('keeps line breaks, wraps at words and cuts words longer than a line', () => {
    expect(wrapText('a b\nc')).toEqual(['a b', 'c']);
    expect(wrapText('aaaa bbbb cccc', 9)).toEqual(['aaaa bbbb', 'cccc']);
    expect(wrapText('abcdefghijkl', 8)).toEqual(['abcdefgh', 'ijkl']);
  });
});

import { describe, expect, it } from '@jest/globals';
import { serviceEnv } from '../src/service-env.js';
import { gatewayClientUrl, gatewayDisplayUrl, readStackSettings } from '../src/stack-settings.js';

describe('readStackSettings', () => {
  it('has defaults for an empty environment', () => {
    expect(readStackSettings({})).toEqual({ namespace: 'scrai', port: 8080, grpcPort: 50051, logLevel: 'info', noColor: false });
  });

  it('reads every variable', () => {
    expect(
      readStackSettings({
        NATS_URL: 'nats://n:4222',
        DATABASE_URL: 'postgres://postgres@db/x',
        SCRAI_NAMESPACE: 'cli-try',
        PORT: '18080',
        HOST: '127.0.0.1',
        GRPC_PORT: '0',
        LOG_LEVEL: 'debug',
        SCRAI_MOCK_LATENCY: 'fixed:5',
        NO_COLOR: '1',
      }),
    ).toEqual({
      natsUrl: 'nats://n:4222',
      databaseUrl: 'postgres://postgres@db/x',
      namespace: 'cli-try',
      port: 18080,
      host: '127.0.0.1',
      grpcPort: 0,
      logLevel: 'debug',
      mockLatency: 'fixed:5',
      noColor: true,
    });
  });

  it('names the bad variable', () => {
    expect(() => readStackSettings({ PORT: 'eighty' })).toThrow(/^PORT="eighty" is invalid/);
    expect(() => readStackSettings({ PORT: '0' })).toThrow(/^PORT="0"/);
    expect(() => readStackSettings({ GRPC_PORT: '70000' })).toThrow(/^GRPC_PORT=/);
    expect(() => readStackSettings({ SCRAI_NAMESPACE: 'Bad_NS' })).toThrow(/^SCRAI_NAMESPACE=/);
    expect(() => readStackSettings({ LOG_LEVEL: 'loud' })).toThrow(/^LOG_LEVEL=/);
  });
});

describe('gateway urls', () => {
  it('uses loopback for clients and localhost for people when bound to every interface', () => {
    expect(gatewayClientUrl({ port: 8080 })).toBe('http://127.0.0.1:8080');
    expect(gatewayDisplayUrl({ host: '0.0.0.0', port: 18080 })).toBe('http://localhost:18080');
    expect(gatewayClientUrl({ host: '10.1.2.3', port: 1 })).toBe('http://10.1.2.3:1');
    expect(gatewayClientUrl({ host: '::1', port: 8080 })).toBe('http://[::1]:8080');
  });
});

describe('serviceEnv', () => {
  it('passes the ensured urls and the settings, and the latency only when set', () => {
    const settings = readStackSettings({ SCRAI_NAMESPACE: 'x' });
    expect(serviceEnv({ settings, natsUrl: 'nats://a:1', databaseUrl: 'postgres://b/scrai' })).toEqual({
      NATS_URL: 'nats://a:1',
      DATABASE_URL: 'postgres://b/scrai',
      SCRAI_NAMESPACE: 'x',
      PORT: '8080',
      GRPC_PORT: '50051',
      LOG_LEVEL: 'info',
    });
    expect(serviceEnv({ settings, natsUrl: 'n', databaseUrl: 'd', mockLatency: 'fixed:40' })).toMatchObject({ SCRAI_MOCK_LATENCY: 'fixed:40' });
  });
});

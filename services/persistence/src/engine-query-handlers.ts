import { engineQueryRequestSchemas, parseOrThrow, type EngineQueryName } from '@scrai/contracts';
import type { EngineInstancesRepository } from '@scrai/db';
import type { z } from 'zod';

export type EngineQueryRepository = Pick<EngineInstancesRepository, 'list' | 'get' | 'counts'>;

const requestOf = <N extends EngineQueryName>(name: N, data: unknown): z.infer<(typeof engineQueryRequestSchemas)[N]> =>
  parseOrThrow(engineQueryRequestSchemas[name], data, `${name} request`) as z.infer<(typeof engineQueryRequestSchemas)[N]>;

/** The engine registry's queries (contracts' engineQueryRequestSchemas), over the engine_instances table. */
export function createEngineQueryHandlers(engines: EngineQueryRepository): Record<EngineQueryName, (request: unknown) => Promise<unknown>> {
  return {
    'engines.list': async (data) => engines.list(requestOf('engines.list', data)),
    'engines.get': async (data) => engines.get(requestOf('engines.get', data).id),
    'engines.counts': async (data) => engines.counts(requestOf('engines.counts', data).since),
  };
}

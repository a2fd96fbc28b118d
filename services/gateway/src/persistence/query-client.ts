import type { BrokerNames, QueryName, QueryRequest } from '@scrai/contracts';
import { requestQuery, type NatsConnection } from '@scrai/messaging';

/**
 * The gateway's only way to read (and to ask for writes of) stored data: request/reply queries
 * answered by the persistence service. A failure arrives as a DomainError (404, 409, 503 ...).
 */
export interface QueryClient {
  query<T, N extends QueryName = QueryName>(name: N, request: QueryRequest<N>): Promise<T>;
}

export interface NatsQueryClientOptions {
  nc: NatsConnection;
  names: BrokerNames;
  timeoutMs: number;
}

export function natsQueryClient(o: NatsQueryClientOptions): QueryClient {
  return {
    query: (name, request) => requestQuery(o.nc, o.names.subjects.query(name), request, { timeoutMs: o.timeoutMs }),
  };
}

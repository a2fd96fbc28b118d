import { Metadata, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import type { ErrorResponse } from '../http/api-exception-filter.js';

const CODES: Record<number, GrpcStatus> = {
  400: GrpcStatus.INVALID_ARGUMENT,
  404: GrpcStatus.NOT_FOUND,
  409: GrpcStatus.FAILED_PRECONDITION,
  413: GrpcStatus.RESOURCE_EXHAUSTED,
  415: GrpcStatus.INVALID_ARGUMENT,
  422: GrpcStatus.FAILED_PRECONDITION,
  500: GrpcStatus.INTERNAL,
  503: GrpcStatus.UNAVAILABLE,
};

export const grpcCodeOf = (httpStatus: number): GrpcStatus => CODES[httpStatus] ?? GrpcStatus.UNKNOWN;

/** The API error as a gRPC status; the full body (with field paths) travels in the `scrai-error` trailer. */
export function toServiceError({ status, body }: ErrorResponse): Partial<ServiceError> {
  const metadata = new Metadata();
  metadata.set('scrai-error', JSON.stringify(body));
  const details = body.details.map((d) => `${d.path}: ${d.message}`).join('; ');
  return { code: grpcCodeOf(status), details: details ? `${body.message} (${details})` : body.message, metadata };
}

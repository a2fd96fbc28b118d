import { z } from 'zod';

export const errorDetailSchema = z.object({ path: z.string(), message: z.string() });
export type ErrorDetail = z.infer<typeof errorDetailSchema>;

/** The one error shape of the HTTP API and of every request/reply query. */
export const apiErrorSchema = z.object({
  error: z.string(),
  message: z.string(),
  details: z.array(errorDetailSchema),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

export const ERROR_CODES = {
  400: 'bad_request',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  500: 'internal',
  503: 'unavailable',
} as const;
export type ErrorStatus = keyof typeof ERROR_CODES;

/** An error that knows its HTTP status; queries carry it across the broker as data. */
export class DomainError extends Error {
  constructor(
    readonly status: ErrorStatus,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
  toBody(): ApiError {
    return { error: ERROR_CODES[this.status], message: this.message, details: this.details };
  }
}

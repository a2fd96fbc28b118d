import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { DomainError, ERROR_CODES, issuesToDetails, type ApiError } from '@scrai/contracts';
import { errorMessage } from '@scrai/messaging';
import type { Logger } from '@scrai/observability';

export interface ErrorResponse {
  status: number;
  body: ApiError;
}

/**
 * The one translation of a failure into the API's error shape `{error, message, details}`:
 * DomainError keeps its status; zod failures are 400s with field paths; Nest/Express HTTP errors
 * (unknown route, bad JSON, body too large) keep theirs; anything else is a logged 500.
 */
export function toErrorResponse(e: unknown, bodyLimit: string): ErrorResponse {
  if (e instanceof DomainError) return { status: e.status, body: e.toBody() };
  if (e instanceof z.core.$ZodError) {
    return { status: 400, body: { error: ERROR_CODES[400], message: 'invalid request', details: issuesToDetails(e.issues) } };
  }
  if (e instanceof HttpException) {
    const status = e.getStatus();
    const type = (e.cause as { type?: string } | undefined)?.type;
    const message =
      type === 'entity.parse.failed' || e.cause instanceof SyntaxError
        ? 'request body is not valid JSON'
        : type === 'entity.too.large'
          ? `request body is larger than ${bodyLimit}`
          : e.message;
    const error = (ERROR_CODES as Record<number, string>)[status] ?? (status >= 500 ? 'internal' : 'bad_request');
    return { status, body: { error, message, details: [] } };
  }
  return { status: 500, body: { error: 'internal', message: 'internal error', details: [] } };
}

@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(
    private readonly log: Logger,
    private readonly bodyLimit: string,
  ) {}

  catch(e: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { status, body } = toErrorResponse(e, this.bodyLimit);
    if (status >= 500 && !(e instanceof DomainError)) {
      this.log.error({ err: errorMessage(e), stack: e instanceof Error ? e.stack : undefined }, 'request failed');
    }
    if (res.headersSent) {
      // A stream already started: it can only be cut off.
      res.end();
      return;
    }
    res.status(status).json(body);
  }
}

import type { ApiError, ErrorDetail } from '@scrai/contracts';

/** A non-2xx answer of the gateway, with the API's error body (`details` name the bad fields). */
export class ScraiApiError extends Error {
  readonly status: number;
  readonly error: string;
  readonly details: ErrorDetail[];

  constructor(status: number, body: ApiError) {
    super(body.message);
    this.name = 'ScraiApiError';
    this.status = status;
    this.error = body.error;
    this.details = body.details;
  }

  /** Builds the error from a response, also when its body is not the API's shape (a proxy's page, say). */
  static async fromResponse(res: Response): Promise<ScraiApiError> {
    const text = await res.text().catch(() => '');
    return new ScraiApiError(res.status, toApiError(res.status, res.statusText, text));
  }
}

function toApiError(status: number, statusText: string, text: string): ApiError {
  try {
    const body = JSON.parse(text) as Partial<ApiError>;
    if (typeof body.error === 'string' && typeof body.message === 'string') {
      return { error: body.error, message: body.message, details: Array.isArray(body.details) ? body.details : [] };
    }
  } catch {
    // not JSON
  }
  return { error: `http_${status}`, message: text.trim().slice(0, 500) || statusText || `HTTP ${status}`, details: [] };
}

/** waitForRun gave up before the run ended. */
export class ScraiTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScraiTimeoutError';
  }
}

import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { ApiError, ApiErrorCode } from '@shoal/contracts';
import { toApiError } from './api-error.mapper';

/**
 * The one place errors become responses: `{error: {code, message, details}}` with the status of
 * API_ERROR_STATUS. Catches everything, including Fastify's own refusals (no route, bad JSON, body
 * too large), so every error has the same shape.
 */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiErrorFilter');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    let error = toApiError(exception);
    if (error === undefined) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
      error = new ApiError(ApiErrorCode.Internal, 'internal error');
    } else if (error.status >= 500) {
      this.logger.warn(`${error.code}: ${error.message}`);
    }
    this.adapterHost.httpAdapter.reply(host.switchToHttp().getResponse(), error.toBody(), error.status);
  }
}

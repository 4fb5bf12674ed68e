import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { ApiError, ApiErrorCode } from '@shoal/contracts';
import { EngineError, EngineErrorCode } from '@shoal/engine';
import type { Logger } from 'pino';
import { SHARD_LOGGER } from '../shard.tokens';

/** The part of Fastify's reply this filter uses. */
interface Reply {
  status(code: number): { send(body: unknown): unknown };
}

const CODE_BY_STATUS: Record<number, ApiErrorCode> = {
  400: ApiErrorCode.InvalidArgument,
  401: ApiErrorCode.Unauthorized,
  403: ApiErrorCode.Forbidden,
  404: ApiErrorCode.NotFound,
  413: ApiErrorCode.PayloadTooLarge,
  415: ApiErrorCode.InvalidArgument,
  503: ApiErrorCode.Unavailable,
  504: ApiErrorCode.DeadlineExceeded,
};

/** Every error leaves as `{error: {code, message, details}}` with the status of its code (libs/contracts). */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  constructor(@Inject(SHARD_LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const error = this.toApiError(exception);
    host.switchToHttp().getResponse<Reply>().status(error.status).send(error.toBody());
  }

  private toApiError(exception: unknown): ApiError {
    if (exception instanceof ApiError) return exception;
    if (exception instanceof HttpException) {
      return new ApiError(CODE_BY_STATUS[exception.getStatus()] ?? ApiErrorCode.Internal, exception.message);
    }
    if (exception instanceof EngineError && (exception.code === EngineErrorCode.InvalidArgument || exception.code === EngineErrorCode.DimensionMismatch)) {
      return new ApiError(ApiErrorCode.InvalidArgument, exception.message);
    }
    // Unexpected: log the details here, send the caller no internals.
    this.logger.error({ err: exception }, 'request failed');
    return new ApiError(ApiErrorCode.Internal, 'internal error');
  }
}

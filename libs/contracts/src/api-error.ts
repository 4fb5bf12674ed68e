import { type Static, Type } from '@sinclair/typebox';

/** Every public error code and its HTTP status: one table, used by the server and the SDK. */
export enum ApiErrorCode {
  InvalidArgument = 'INVALID_ARGUMENT',
  Unauthorized = 'UNAUTHORIZED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  AlreadyExists = 'ALREADY_EXISTS',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  Unavailable = 'UNAVAILABLE',
  DeadlineExceeded = 'DEADLINE_EXCEEDED',
  Internal = 'INTERNAL',
}

export const API_ERROR_STATUS: Record<ApiErrorCode, number> = {
  [ApiErrorCode.InvalidArgument]: 400,
  [ApiErrorCode.Unauthorized]: 401,
  [ApiErrorCode.Forbidden]: 403,
  [ApiErrorCode.NotFound]: 404,
  [ApiErrorCode.AlreadyExists]: 409,
  [ApiErrorCode.PayloadTooLarge]: 413,
  [ApiErrorCode.Unavailable]: 503,
  [ApiErrorCode.DeadlineExceeded]: 504,
  [ApiErrorCode.Internal]: 500,
};

export const ErrorBodySchema = Type.Object({
  error: Type.Object({
    code: Type.Enum(ApiErrorCode),
    message: Type.String(),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  }),
});
export type ErrorBody = Static<typeof ErrorBodySchema>;

/** Thrown anywhere in a request's path; the HTTP layer maps `code` to the status above. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get status(): number {
    return API_ERROR_STATUS[this.code];
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }

  static invalid(field: string, rule: string, details: Record<string, unknown> = {}): ApiError {
    return new ApiError(ApiErrorCode.InvalidArgument, `${field} ${rule}`, { field, rule, ...details });
  }
}

import { ClusterError, ClusterErrorCode } from '@shoal/cluster';
import { ClusterStateError, ClusterStateErrorCode } from '@shoal/cluster-state';
import { ApiError, ApiErrorCode, LIMITS } from '@shoal/contracts';
import { isStorageError, StorageErrorCode } from '@shoal/storage';

/** What Nest and Fastify throw for requests that never reach a handler (bad JSON, no route, too large). */
interface HttpLikeError {
  getStatus(): number;
  message: string;
}

const isHttpLike = (error: unknown): error is HttpLikeError =>
  error instanceof Error && typeof (error as Partial<HttpLikeError>).getStatus === 'function';

/** A request the HTTP layer refused, as an ApiError: 404 no route, 413 too large, any other 4xx → 400. */
function fromHttp(error: HttpLikeError): ApiError | undefined {
  const status = error.getStatus();
  if (status === 404) return new ApiError(ApiErrorCode.NotFound, error.message);
  if (status === 413) {
    return new ApiError(ApiErrorCode.PayloadTooLarge, `the request body is larger than ${LIMITS.maxBodyBytes} bytes`, { limit: LIMITS.maxBodyBytes });
  }
  // Malformed JSON, an empty JSON body or a content type other than JSON: the client's mistake.
  if (status >= 400 && status < 500) return new ApiError(ApiErrorCode.InvalidArgument, error.message);
  return undefined;
}

/**
 * The public error for anything thrown while serving a request, or undefined for an unexpected
 * error (a bug: the filter answers 500 and logs it). Bad input never lands there: every check
 * that can fail on client input throws an ApiError, and the libraries' own codes map below.
 */
export function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof ClusterError) {
    if (error.code === ClusterErrorCode.InvalidToken) return ApiError.invalid('token', error.message.replace(/^invalid consistency token: /, 'is invalid: '), { ...error.details });
    if (error.code === ClusterErrorCode.NoLiveReplica || error.code === ClusterErrorCode.InsufficientWorkers) {
      return new ApiError(ApiErrorCode.Unavailable, error.message, { ...error.details });
    }
    return undefined;
  }
  if (error instanceof ClusterStateError && error.code === ClusterStateErrorCode.Unavailable) {
    return new ApiError(ApiErrorCode.Unavailable, 'the cluster state (Redis) is unavailable', { cause: error.message });
  }
  if (isStorageError(error, StorageErrorCode.Unavailable)) {
    return new ApiError(ApiErrorCode.Unavailable, 'the object store is unavailable', { cause: error.message });
  }
  return isHttpLike(error) ? fromHttp(error) : undefined;
}

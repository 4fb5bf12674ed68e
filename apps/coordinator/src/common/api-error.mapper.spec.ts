import { HttpException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { ClusterError, ClusterErrorCode } from '@shoal/cluster';
import { ClusterStateError, ClusterStateErrorCode } from '@shoal/cluster-state';
import { ApiError, ApiErrorCode } from '@shoal/contracts';
import { StorageError, StorageErrorCode } from '@shoal/storage';
import { toApiError } from './api-error.mapper';

describe('toApiError', () => {
  it('passes ApiErrors through', () => {
    const error = ApiError.invalid('k', 'must be >= 1');
    expect(toApiError(error)).toBe(error);
  });

  it('maps the libraries codes a client can cause or a retry can cure', () => {
    const token = toApiError(new ClusterError(ClusterErrorCode.InvalidToken, 'invalid consistency token: truncated', { reason: 'truncated' }));
    expect(token).toMatchObject({ code: ApiErrorCode.InvalidArgument, message: 'token is invalid: truncated', details: { field: 'token', reason: 'truncated' } });
    expect(toApiError(new ClusterError(ClusterErrorCode.NoLiveReplica, 'none'))?.status).toBe(503);
    expect(toApiError(new ClusterStateError(ClusterStateErrorCode.Unavailable, 'redis down'))?.status).toBe(503);
    expect(toApiError(new StorageError(StorageErrorCode.Unavailable, 'store down'))?.status).toBe(503);
  });

  it('maps the HTTP layer refusals to 404, 413 and 400', () => {
    expect(toApiError(new NotFoundException('Cannot GET /x'))).toMatchObject({ code: ApiErrorCode.NotFound, message: 'Cannot GET /x' });
    expect(toApiError(new PayloadTooLargeException())?.code).toBe(ApiErrorCode.PayloadTooLarge);
    expect(toApiError(new HttpException('Body is not valid JSON', 400))?.code).toBe(ApiErrorCode.InvalidArgument);
    expect(toApiError(new HttpException('Unsupported Media Type', 415))?.status).toBe(400);
  });

  it('leaves bugs unmapped, so the filter answers 500 and logs them', () => {
    expect(toApiError(new TypeError('x is undefined'))).toBeUndefined();
    expect(toApiError(new ClusterError(ClusterErrorCode.InvalidArgument, 'k must be an integer'))).toBeUndefined();
    expect(toApiError(new HttpException('oops', 502))).toBeUndefined();
  });
});

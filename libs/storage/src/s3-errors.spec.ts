import { deleteFailure, isTransientS3Error, toStorageError } from './s3-errors';
import { ObjectNotFoundError, StorageErrorCode } from './storage.error';

const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });
const context = { operation: 'get', key: 'a/b', bucket: 'shoal', endpoint: 'http://127.0.0.1:9000', attempts: 6 };

describe('isTransientS3Error', () => {
  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'SlowDown', 'InternalError', 'ServiceUnavailable', 'RequestTimeout'])(
    'retries %s',
    (code) => expect(isTransientS3Error(withCode(code))).toBe(true),
  );

  it('retries the 5xx/429 answers the client reports as plain errors when its own retries are off', () => {
    expect(isTransientS3Error(new Error('Request failed after 0 retries: Error: Retryable HTTP status: 503'))).toBe(true);
  });

  it.each(['NoSuchKey', 'NotFound', 'AccessDenied', 'InvalidAccessKeyId', 'NoSuchBucket', 'PreconditionFailed', 'EntityTooLarge'])(
    'does not retry %s',
    (code) => expect(isTransientS3Error(withCode(code))).toBe(false),
  );

  it('does not retry errors without a code', () => {
    expect(isTransientS3Error(new Error('boom'))).toBe(false);
    expect(isTransientS3Error('boom')).toBe(false);
  });
});

describe('toStorageError', () => {
  it('maps NoSuchKey and NotFound to ObjectNotFoundError', () => {
    for (const code of ['NoSuchKey', 'NotFound']) {
      const error = toStorageError(withCode(code), context);
      expect(error).toBeInstanceOf(ObjectNotFoundError);
      expect(error).toMatchObject({ code: StorageErrorCode.NotFound, key: 'a/b' });
    }
  });

  it('maps exhausted transient failures to UNAVAILABLE with the attempt count', () => {
    const error = toStorageError(withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9000'), context);
    expect(error.code).toBe(StorageErrorCode.Unavailable);
    expect(error.message).toBe(
      'S3 get "a/b" in bucket "shoal" at http://127.0.0.1:9000 failed after 6 attempts: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9000',
    );
  });

  it('maps refused credentials, a missing bucket and client-side option errors to CONFIG', () => {
    for (const code of ['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'NoSuchBucket']) {
      expect(toStorageError(withCode(code), context).code).toBe(StorageErrorCode.Config);
    }
    const optionError = Object.assign(new Error('Invalid part size'), { name: 'InvalidArgumentError' });
    expect(toStorageError(optionError, context).code).toBe(StorageErrorCode.Config);
  });

  it('maps anything else to IO and keeps the cause', () => {
    const cause = withCode('EntityTooLarge');
    const error = toStorageError(cause, context);
    expect(error.code).toBe(StorageErrorCode.Io);
    expect(error.cause).toBe(cause);
  });
});

describe('deleteFailure', () => {
  it('is undefined when every delete succeeded', () => {
    expect(deleteFailure([], 3)).toBeUndefined();
  });

  it('reports the first failed key with its S3 code, so transient codes get retried', () => {
    const failure = deleteFailure([{ Code: 'SlowDown', Key: 'a/1', Message: 'Reduce your request rate' }, { Code: 'AccessDenied', Key: 'a/2' }], 5);
    expect(failure?.message).toBe('2 of 5 deletes failed; first "a/1": Reduce your request rate');
    expect(isTransientS3Error(failure)).toBe(true);
  });
});

import { StorageError, StorageErrorCode } from '@shoal/storage';
import { ShardLogError, ShardLogErrorCode, storageFailure } from './shard-log.error';

describe('storageFailure', () => {
  it('turns store failures into UNAVAILABLE with the cause and where it happened', () => {
    const cause = new StorageError(StorageErrorCode.Unavailable, 'ECONNREFUSED');
    const error = storageFailure(cause, 'Cannot store "k"', { collection: 'docs', shard: 0, seq: 9, key: 'k' });
    expect(error).toBeInstanceOf(ShardLogError);
    expect(error).toMatchObject({ code: ShardLogErrorCode.Unavailable, message: 'Cannot store "k": ECONNREFUSED', seq: 9, key: 'k', cause });
  });

  it('passes caller bugs (invalid keys) and its own errors through', () => {
    const invalid = new StorageError(StorageErrorCode.InvalidKey, 'bad key');
    const own = new ShardLogError(ShardLogErrorCode.Corrupt, 'bad segment');
    expect(storageFailure(invalid, 'x', {})).toBe(invalid);
    expect(storageFailure(own, 'x', {})).toBe(own);
  });
});

import { thrownBy } from '@shoal/testing';
import { ApiError } from './api-error';
import { CreateCollectionRequestSchema, type CreateCollectionRequest } from './collection.schema';
import { fieldPath, RequestValidator } from './request-validator';
import { SearchRequestSchema, type SearchRequest } from './search.schema';
import { UpsertVectorsRequestSchema, type UpsertVectorsRequest } from './vectors.schema';

const apiErrorOf = (fn: () => unknown) => thrownBy(fn, ApiError);

const create = new RequestValidator<CreateCollectionRequest>(CreateCollectionRequestSchema);
const upsert = new RequestValidator<UpsertVectorsRequest>(UpsertVectorsRequestSchema);
const search = new RequestValidator<SearchRequest>(SearchRequestSchema);

const good = { name: 'docs', dimension: 8, metric: 'l2', shards: 2, replicas: 1, index: { type: 'ivf_pq', nlist: 16, m: 4 } };

describe('RequestValidator', () => {
  it('turns JSON pointers into field paths', () => {
    expect(fieldPath('')).toBe('body');
    expect(fieldPath('/vectors/3/values/5')).toBe('vectors[3].values[5]');
    expect(fieldPath('/index/nlist')).toBe('index.nlist');
  });

  it('accepts a valid request and returns it typed', () => {
    expect(create.parse(good).index).toEqual({ type: 'ivf_pq', nlist: 16, m: 4 });
    expect(create.parse({ ...good, index: { type: 'flat' } }).index.type).toBe('flat');
  });

  it.each([
    [{ ...good, dimension: 0 }, 'dimension', 'dimension must be >= 1'],
    [{ ...good, dimension: 1.5 }, 'dimension', 'dimension must be an integer'],
    [{ ...good, metric: 'hamming' }, 'metric', 'metric must be one of "l2", "ip", "cosine"'],
    [{ ...good, name: 'Bad Name' }, 'name', 'name must match ^[a-z0-9][a-z0-9_-]{0,62}$'],
    [{ ...good, index: { type: 'ivf_pq', nlist: 16 } }, 'index.m', 'index.m is required'],
    [{ ...good, index: { type: 'hnsw' } }, 'index.type', 'index.type must be one of the documented types'],
    [{ ...good, index: { type: 'flat', nlist: 3 } }, 'index.nlist', 'index.nlist is not an allowed field'],
    [{ ...good, shards: 1000 }, 'shards', 'shards must be <= 256'],
    [{ ...good, extra: 1 }, 'extra', 'extra is not an allowed field'],
    [(({ replicas: _r, ...rest }) => rest)(good), 'replicas', 'replicas is required'],
  ])('rejects %j naming %s', (body, field, message) => {
    const error = apiErrorOf(() => create.parse(body));
    expect(error.status).toBe(400);
    expect(error.details.field).toBe(field);
    expect(error.message.startsWith(message)).toBe(true);
  });

  it('names the element of a vector batch that is wrong', () => {
    const vectors = [
      { id: 'a', values: [1, 2] },
      { id: 'b', values: [1, 'x'] },
    ];
    expect(apiErrorOf(() => upsert.parse({ vectors })).message).toBe('vectors[1].values[1] must be of type number');
    expect(apiErrorOf(() => upsert.parse({ vectors: [] })).message).toBe('vectors must NOT have fewer than 1 items');
    expect(apiErrorOf(() => upsert.parse({ vectors: [{ id: '', values: [1] }] })).message).toBe(
      'vectors[0].id must NOT have fewer than 1 characters',
    );
    expect(apiErrorOf(() => upsert.parse(null)).message).toBe('body must be of type object');
  });

  it('bounds k and the number of queries', () => {
    expect(apiErrorOf(() => search.parse({ queries: [[1]], k: 0 })).message).toBe('k must be >= 1');
    expect(apiErrorOf(() => search.parse({ queries: [[1]], k: 1001 })).message).toBe('k must be <= 1000');
    expect(apiErrorOf(() => search.parse({ queries: Array(101).fill([1]), k: 1 })).message).toBe('queries must NOT have more than 100 items');
    expect(search.parse({ queries: [[1, 2]], k: 5, allowPartial: true }).k).toBe(5);
  });
});

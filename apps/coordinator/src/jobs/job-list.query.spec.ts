import { ApiError } from '@shoal/contracts';
import { parseJobListQuery } from './job-list.query';

function refusal(query: Record<string, unknown>): { message: string; field: unknown } {
  try {
    parseJobListQuery(query);
  } catch (error) {
    if (error instanceof ApiError) return { message: error.message, field: error.details['field'] };
    throw error;
  }
  throw new Error('expected an ApiError');
}

describe('parseJobListQuery', () => {
  it('defaults the limit to 100 and reads a collection filter', () => {
    expect(parseJobListQuery({})).toEqual({ limit: 100 });
    expect(parseJobListQuery({ collection: 'docs', limit: '1000' })).toEqual({ collection: 'docs', limit: 1000 });
  });

  it.each([['0'], ['1001'], ['ten'], ['1.5'], ['-1'], [['5', '6']]])('refuses limit=%j naming the field and range', (limit) => {
    expect(refusal({ limit })).toEqual({ message: 'limit must be an integer from 1 to 1000', field: 'limit' });
  });

  it('refuses a bad collection and unknown parameters', () => {
    expect(refusal({ collection: 'Bad Name' }).field).toBe('collection');
    expect(refusal({ collection: ['a', 'b'] }).field).toBe('collection');
    expect(refusal({ state: 'failed' })).toEqual({ message: 'state is not an allowed query parameter (collection, limit)', field: 'state' });
  });
});

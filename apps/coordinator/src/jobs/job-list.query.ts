import { ApiError, COLLECTION_NAME_PATTERN, JOB_LIST_LIMIT } from '@shoal/contracts';

/** What `GET /v1/jobs` filters on. */
export interface JobListQuery {
  collection?: string;
  limit: number;
}

const ALLOWED = new Set(['collection', 'limit']);
const COLLECTION = new RegExp(COLLECTION_NAME_PATTERN);

/** Parses `?collection=&limit=` (strings, or arrays when repeated); a bad parameter is a 400 naming it. */
export function parseJobListQuery(query: Readonly<Record<string, unknown>>): JobListQuery {
  const unknown = Object.keys(query).find((name) => !ALLOWED.has(name));
  if (unknown !== undefined) throw ApiError.invalid(unknown, 'is not an allowed query parameter (collection, limit)');
  const { collection, limit } = query;
  if (collection !== undefined && (typeof collection !== 'string' || !COLLECTION.test(collection))) {
    throw ApiError.invalid('collection', `must be one collection name matching ${COLLECTION_NAME_PATTERN}`);
  }
  if (limit === undefined) return { collection, limit: JOB_LIST_LIMIT.default };
  const value = typeof limit === 'string' && /^\d{1,7}$/.test(limit) ? Number(limit) : NaN;
  if (!(value >= 1 && value <= JOB_LIST_LIMIT.max)) throw ApiError.invalid('limit', `must be an integer from 1 to ${JOB_LIST_LIMIT.max}`, { limit });
  return { collection, limit: value };
}

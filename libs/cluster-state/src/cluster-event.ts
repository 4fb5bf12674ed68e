/** Published on `{prefix}events` after every change, so processes refresh at once (they also poll). */
export type ClusterEvent =
  | { type: 'collection-changed'; name: string; version: number }
  | { type: 'collection-deleted'; name: string }
  | { type: 'segment-written'; collection: string; shard: number; seq: number };

const isString = (value: unknown): value is string => typeof value === 'string';
const isInteger = (value: unknown): value is number => Number.isSafeInteger(value);

/** Reads an event off the channel; `null` for anything else (a foreign or newer publisher). */
export function parseClusterEvent(message: string): ClusterEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const event = value as Record<string, unknown>;
  switch (event['type']) {
    case 'collection-changed':
      return isString(event['name']) && isInteger(event['version'])
        ? { type: 'collection-changed', name: event['name'], version: event['version'] }
        : null;
    case 'collection-deleted':
      return isString(event['name']) ? { type: 'collection-deleted', name: event['name'] } : null;
    case 'segment-written':
      return isString(event['collection']) && isInteger(event['shard']) && isInteger(event['seq'])
        ? { type: 'segment-written', collection: event['collection'], shard: event['shard'], seq: event['seq'] }
        : null;
    default:
      return null;
  }
}

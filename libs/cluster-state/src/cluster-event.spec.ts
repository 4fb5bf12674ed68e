import { parseClusterEvent } from './cluster-event';

describe('parseClusterEvent', () => {
  it('reads each event type back', () => {
    for (const event of [
      { type: 'collection-changed', name: 'docs', version: 3 },
      { type: 'collection-deleted', name: 'docs' },
      { type: 'segment-written', collection: 'docs', shard: 0, seq: 12 },
    ]) {
      expect(parseClusterEvent(JSON.stringify(event))).toEqual(event);
    }
  });

  it('returns null for anything else', () => {
    for (const message of ['', 'null', '[]', '{"type":"other"}', '{"type":"collection-changed","name":"x","version":"1"}', '{"type":"segment-written","collection":"c","shard":0}']) {
      expect(parseClusterEvent(message)).toBeNull();
    }
  });
});

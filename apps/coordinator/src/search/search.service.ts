import { performance } from 'node:perf_hooks';
import { Inject, Injectable } from '@nestjs/common';
import { decodeConsistencyToken, mergeBatches, requiredSeq, type ConsistencyToken } from '@shoal/cluster';
import type { SearchHit, SearchRequest, SearchResponse, ShardSearchResponse } from '@shoal/contracts';
import { MembershipService } from '../cluster/membership.service';
import { CollectionsService } from '../collections/collections.service';
import { CoordinatorConfig } from '../common/coordinator.config';
import { packFloat32Rows } from '../common/float32-rows.util';
import { fanOut, unansweredError, type ShardAttempt, type ShardOutcome } from './search-fanout';
import { currentRequestId } from '@shoal/config';
import { ShardSearchBatcher } from './shard-search.batcher';

/**
 * Time kept back from the shard's own budget so its answer (or its timeout error) still reaches
 * the coordinator before the coordinator gives up on it.
 */
const TRANSIT_MARGIN_MS = 20;

@Injectable()
export class SearchService {
  constructor(
    @Inject(CollectionsService) private readonly collections: CollectionsService,
    @Inject(MembershipService) private readonly membership: MembershipService,
    @Inject(ShardSearchBatcher) private readonly batcher: ShardSearchBatcher,
    @Inject(CoordinatorConfig) private readonly config: CoordinatorConfig,
  ) {}

  /**
   * One RPC per shard to a live replica (retrying others within the deadline), then a k-way merge.
   * A shard that no replica answered fails the search (503, or 504 when time ran out) unless
   * `allowPartial` is set and at least one shard answered.
   */
  async search(name: string, request: SearchRequest): Promise<SearchResponse> {
    const started = performance.now();
    const manifest = await this.collections.requireForSearch(name);
    const queries = packFloat32Rows(request.queries, manifest.dimension, (i) => `queries[${i}]`);
    const token = request.token === undefined ? undefined : decodeConsistencyToken(request.token, name);
    const deadline = { at: Date.now() + this.config.searchTimeoutMs, now: Date.now };
    const ask = (attempt: ShardAttempt) => this.askShard(name, manifest.dimension, request, queries, token, attempt);
    let outcomes = await fanOut(manifest.shards, this.membership.picker(name), deadline, ask);
    if (outcomes.some((o) => !o.ok) && Date.now() < deadline.at) {
      // The cached replica view can be up to one refresh interval old (e.g. a replica that just
      // finished recovering): read the membership afresh and try once more before failing.
      await this.membership.refresh();
      outcomes = await fanOut(manifest.shards, this.membership.picker(name), deadline, ask);
    }
    const answered = outcomes.filter((o): o is Extract<ShardOutcome<ShardSearchResponse>, { ok: true }> => o.ok);
    if (answered.length === 0 || (answered.length < outcomes.length && request.allowPartial !== true)) throw unansweredError(outcomes);
    const merged = mergeBatches(
      answered.map((o) => o.value.results),
      request.k,
    );
    return {
      results: request.includeMetadata === true ? merged : merged.map((hits) => hits.map(withoutMetadata)),
      partial: answered.length < outcomes.length,
      shards: { total: outcomes.length, answered: answered.length },
      tookMs: Math.round((performance.now() - started) * 100) / 100,
    };
  }

  private askShard(
    collection: string,
    dimension: number,
    request: SearchRequest,
    queries: Float32Array,
    token: ConsistencyToken | undefined,
    { shard, replica, timeoutMs }: ShardAttempt,
  ): Promise<ShardSearchResponse> {
    const url = this.membership.urlOf(replica);
    if (url === undefined) return Promise.reject(new Error(`replica ${replica} left the cluster`));
    const shardRequest = {
      collection,
      shard,
      k: request.k,
      nprobe: request.nprobe,
      includeMetadata: request.includeMetadata === true,
      minSeq: requiredSeq(token, shard),
      timeoutMs: Math.max(1, timeoutMs - TRANSIT_MARGIN_MS),
      requestId: currentRequestId(),
      nq: request.queries.length,
      dimension,
      queries,
    };
    return this.batcher.search(url, shardRequest, timeoutMs);
  }
}

function withoutMetadata({ id, distance }: SearchHit): SearchHit {
  return { id, distance };
}

import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, UseGuards } from '@nestjs/common';
import {
  INTERNAL_ROUTES,
  LOG_SEGMENT_CONTENT_TYPE,
  SHARD_SEARCH_CONTENT_TYPE,
  type ShardSearchResponse,
  type ShardStatus,
} from '@shoal/contracts';
import { ClusterTokenGuard } from './cluster-token.guard';
import { BinaryBodyPipe, NonNegativeIntPipe, OptionalNonNegativeIntPipe } from './request-params.pipe';
import { ShardQueryService, type VectorResponse } from './shard-query.service';

/** The shard worker's internal API (libs/contracts INTERNAL_ROUTES); coordinators only. */
@Controller()
@UseGuards(ClusterTokenGuard)
export class InternalController {
  constructor(@Inject(ShardQueryService) private readonly queries: ShardQueryService) {}

  @Post(INTERNAL_ROUTES.search)
  @HttpCode(200)
  search(@Body(new BinaryBodyPipe(SHARD_SEARCH_CONTENT_TYPE)) body: Buffer): Promise<ShardSearchResponse> {
    return this.queries.search(body);
  }

  @Post(INTERNAL_ROUTES.segments)
  @HttpCode(200)
  segment(
    @Param('collection') collection: string,
    @Param('shard', NonNegativeIntPipe) shard: number,
    @Body(new BinaryBodyPipe(LOG_SEGMENT_CONTENT_TYPE)) body: Buffer,
  ): Promise<{ appliedSeq: number }> {
    return this.queries.applySegment(collection, shard, body);
  }

  @Get(INTERNAL_ROUTES.vector)
  vector(
    @Param('collection') collection: string,
    @Param('shard', NonNegativeIntPipe) shard: number,
    @Param('id') id: string,
    @Query('minSeq', OptionalNonNegativeIntPipe) minSeq: number | undefined,
  ): Promise<VectorResponse> {
    return this.queries.vector(collection, shard, id, minSeq);
  }

  @Post(INTERNAL_ROUTES.snapshot)
  @HttpCode(200)
  snapshot(@Param('collection') collection: string, @Param('shard', NonNegativeIntPipe) shard: number): Promise<{ seq: number }> {
    return this.queries.snapshot(collection, shard);
  }

  @Get(INTERNAL_ROUTES.status)
  status(): ShardStatus {
    return this.queries.status();
  }
}

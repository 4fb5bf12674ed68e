import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ApiError, ApiErrorCode, CLUSTER_TOKEN_HEADER } from '@shoal/contracts';
import type { ShardConfig } from '../config/shard.config';
import { SHARD_CONFIG } from '../shard.tokens';

// Comparing digests keeps the comparison constant-time whatever length the caller sent.
const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Admits only callers presenting the shared cluster token (ADR 0004: coordinators, never clients). */
@Injectable()
export class ClusterTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(SHARD_CONFIG) config: ShardConfig) {
    this.expected = digest(config.clusterToken);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>();
    const presented = request.headers[CLUSTER_TOKEN_HEADER];
    if (typeof presented === 'string' && timingSafeEqual(digest(presented), this.expected)) return true;
    throw new ApiError(ApiErrorCode.Unauthorized, `the ${CLUSTER_TOKEN_HEADER} header is missing or wrong`);
  }
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { placeReplicas, ReplicaState } from '@shoal/cluster';
import { ClusterStateRepository, type CollectionManifest } from '@shoal/cluster-state';
import { ApiError, ApiErrorCode, type CollectionInfo, type CreateCollectionRequest } from '@shoal/contracts';
import { MembershipService } from '../cluster/membership.service';
import { ReplicaView } from '../cluster/replica-view';
import { ShardLogRepository } from '../cluster/shard-log.repository';
import { CoordinatorConfig } from '../common/coordinator.config';
import { validateCollectionSpec } from './collection-spec.validation';
import { toCollectionInfo, type ReplicaFigures } from './collection-info.mapper';

@Injectable()
export class CollectionsService {
  private readonly logger = new Logger('CollectionsService');
  /** Manifests as searches read them, each kept for one replica-view refresh interval (see {@link requireForSearch}). */
  private readonly searchManifests = new Map<string, { manifest: CollectionManifest; until: number }>();

  constructor(
    @Inject(ClusterStateRepository) private readonly repo: ClusterStateRepository,
    @Inject(MembershipService) private readonly membership: MembershipService,
    @Inject(ShardLogRepository) private readonly log: ShardLogRepository,
    @Inject(CoordinatorConfig) private readonly config: CoordinatorConfig,
  ) {}

  /**
   * Places the replicas on the live shard workers and stores the manifest. While objects of an
   * earlier collection of the same name remain (its purge runs in the background, or was
   * interrupted) the name is refused with 409 and the purge is (re)started: the new collection's
   * sequence numbers restart at 1, and its replicas must never apply an old segment.
   */
  async create(request: CreateCollectionRequest): Promise<CollectionInfo> {
    validateCollectionSpec(request);
    if ((await this.repo.getCollection(request.name)) !== null) throw this.exists(request.name);
    const workers = (await this.membership.liveShardMembers()).map((m) => m.id);
    if (workers.length < request.replicas) {
      throw new ApiError(
        ApiErrorCode.Unavailable,
        `replicas: ${request.replicas} needs ${request.replicas} live shard worker(s), one per replica of a shard; ${workers.length} live`,
        { replicas: request.replicas, liveShardWorkers: workers.length },
      );
    }
    const manifest: CollectionManifest = {
      ...request,
      createdAt: new Date().toISOString(),
      generation: 0,
      state: 'exact',
      placement: placeReplicas({ collection: request.name, shards: request.shards, replicas: request.replicas, workers }),
      version: 1,
    };
    if (await this.log.hasObjects(request.name)) {
      this.purgeLeftovers(request.name);
      throw new ApiError(
        ApiErrorCode.AlreadyExists,
        `objects of an earlier collection ${JSON.stringify(request.name)} are still being removed; retry shortly`,
        { collection: request.name },
      );
    }
    if (!(await this.repo.createCollection(manifest))) throw this.exists(request.name);
    await this.untilServable(manifest);
    return toCollectionInfo(manifest, { vectors: 0, servingGeneration: manifest.generation });
  }

  /**
   * Waits (bounded) until every placed replica reports its new partition active, so a client can
   * write and search right after the 201 instead of meeting 503s while workers pick up the
   * placement. On timeout the collection still exists and the 201 stands; searches report honestly.
   */
  private async untilServable(manifest: CollectionManifest): Promise<void> {
    const deadline = Date.now() + this.config.createReadyTimeoutMs;
    while (Date.now() < deadline) {
      const view = await this.freshView();
      const ready = manifest.placement.every((workers, shard) =>
        workers.every((id) => view.replicas(manifest.name, shard).some((r) => r.id === id && r.state === ReplicaState.Active)),
      );
      if (ready) {
        await this.membership.refresh();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    this.logger.warn(`collection ${manifest.name}: not every replica was active within ${this.config.createReadyTimeoutMs} ms of creation`);
  }

  async list(): Promise<CollectionInfo[]> {
    const [manifests, view] = await Promise.all([this.repo.listCollections(), this.freshView()]);
    return manifests.map((m) => toCollectionInfo(m, figuresOf(view, m)));
  }

  async get(name: string): Promise<CollectionInfo> {
    const [manifest, view] = await Promise.all([this.require(name), this.freshView()]);
    return toCollectionInfo(manifest, figuresOf(view, manifest));
  }

  /** Live vectors of a collection, from fresh heartbeats (what GET reports as `vectors`). */
  async vectorsOf(manifest: CollectionManifest): Promise<number> {
    return (await this.freshView()).vectors(manifest.name, manifest.shards);
  }

  /** Removes the manifest now (no new reads or writes); the objects are deleted in the background. */
  async delete(name: string): Promise<void> {
    this.searchManifests.delete(name);
    if (!(await this.repo.deleteCollection(name))) throw this.notFound(name);
    this.purgeInBackground(name);
  }

  /** The manifest, or a 404 naming the collection. */
  async require(name: string): Promise<CollectionManifest> {
    const manifest = await this.repo.getCollection(name);
    if (manifest === null) throw this.notFound(name);
    return manifest;
  }

  /**
   * The manifest for a search: what it needs of it (dimension, shard count) is fixed for the life
   * of a collection, so a copy is reused for SHOAL_MEMBER_REFRESH_MS instead of one Redis round
   * trip per search (two system calls, a large share of a search's CPU on the coordinator). Routing
   * is already that stale: the replica view refreshes at the same interval. A collection dropped
   * through this coordinator is forgotten at once; one dropped through another keeps answering
   * searches (from its shards, or with their errors) for at most that interval. Writes never use it.
   */
  async requireForSearch(name: string): Promise<CollectionManifest> {
    const now = Date.now();
    const cached = this.searchManifests.get(name);
    if (cached !== undefined && cached.until > now) return cached.manifest;
    this.searchManifests.delete(name);
    const manifest = await this.require(name);
    this.searchManifests.set(name, { manifest, until: now + this.config.memberRefreshMs });
    return manifest;
  }

  /** Restarts an interrupted purge, unless a concurrent create took the name meanwhile (its segments are live). */
  private purgeLeftovers(name: string): void {
    void this.repo.getCollection(name).then(
      (manifest) => manifest === null && this.purgeInBackground(name),
      () => undefined,
    );
  }

  private purgeInBackground(name: string): void {
    this.log.purgeCollection(name).then(
      (objects) => this.logger.log(`removed ${objects} objects of deleted collection ${name}`),
      (error: unknown) => this.logger.warn(`removing the objects of deleted collection ${name} failed (a create of the name retries): ${String(error)}`),
    );
  }

  private async freshView(): Promise<ReplicaView> {
    return ReplicaView.fromMembers(await this.membership.liveShardMembers());
  }

  private notFound(name: string): ApiError {
    return new ApiError(ApiErrorCode.NotFound, `collection ${JSON.stringify(name)} does not exist`, { collection: name });
  }

  private exists(name: string): ApiError {
    return new ApiError(ApiErrorCode.AlreadyExists, `collection ${JSON.stringify(name)} already exists`, { collection: name });
  }
}

function figuresOf(view: ReplicaView, manifest: CollectionManifest): ReplicaFigures {
  return { vectors: view.vectors(manifest.name, manifest.shards), servingGeneration: view.servingGeneration(manifest.name, manifest.shards) };
}

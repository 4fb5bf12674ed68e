import { rm } from 'node:fs/promises';
import { ClusterStateRepository } from '@shoal/cluster-state';
import { startLocalCluster, type LocalCluster } from '@shoal/local-cluster';
import { createObjectStore, type ObjectStore } from '@shoal/storage';
import { startRedisServer, startS3rver, tempDir, type RunningRedisServer, type RunningS3rver } from '@shoal/testing';
import { ClusterClient } from './cluster-client';

/** A whole cluster as users run it, on a private redis-server and s3rver as S3 (nothing mocked). */
export interface E2eCluster {
  cluster: LocalCluster;
  api: ClusterClient;
  /** The cluster's Redis state, read directly (placement, heartbeats). */
  state: ClusterStateRepository;
  /** The cluster's bucket, e.g. to upload files for imports. */
  store: ObjectStore;
  redis: RunningRedisServer;
  stop(): Promise<void>;
}

/** Starts redis-server, s3rver and a local cluster of `shards` shard workers and one index worker. */
export async function startE2eCluster(options: { name: string; shards: number; backend: 'faiss' | 'mock'; env?: NodeJS.ProcessEnv }): Promise<E2eCluster> {
  const prefix = `${options.name}-${process.pid}:`;
  const bucket = `shoal-${options.name}`;
  let redis: RunningRedisServer | undefined;
  let s3: RunningS3rver | undefined;
  let cluster: LocalCluster | undefined;
  let state: ClusterStateRepository | undefined;
  const dir = await tempDir(`shoal-${options.name}-`);
  const stop = async () => {
    await state?.close();
    await cluster?.stop();
    await Promise.all([redis?.stop(), s3?.stop()]);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    [redis, s3] = await Promise.all([startRedisServer(), startS3rver()]);
    cluster = await startLocalCluster({
      dataDir: dir,
      host: '127.0.0.1',
      port: 0,
      shards: options.shards,
      backend: options.backend,
      verbose: false,
      redisUrl: redis.url,
      env: { SHOAL_REDIS_PREFIX: prefix, S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY: s3.accessKey, S3_SECRET_KEY: s3.secretKey, S3_BUCKET: bucket, ...options.env },
    });
    state = await ClusterStateRepository.connect({ redisUrl: redis.url, prefix });
    const store = await createObjectStore({ kind: 's3', endPoint: '127.0.0.1', port: s3.port, useSSL: false, accessKey: s3.accessKey, secretKey: s3.secretKey, bucket, region: 'us-east-1', pathStyle: true });
    return { cluster, api: new ClusterClient(cluster.url), state, store, redis, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

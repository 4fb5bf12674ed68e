import type { FactoryProvider } from '@nestjs/common';
import { createObjectStore, type ObjectStore } from '@shoal/storage';
import { CoordinatorConfig } from '../common/coordinator.config';

/**
 * A client of the same store the shard logs are written to, for probing only: ShardLogRepository
 * keeps its store private, and a second client of one endpoint costs nothing but a few sockets.
 */
export const HEALTH_OBJECT_STORE = Symbol('HEALTH_OBJECT_STORE');

export const healthObjectStoreProvider: FactoryProvider<Promise<ObjectStore>> = {
  provide: HEALTH_OBJECT_STORE,
  useFactory: (config: CoordinatorConfig) => createObjectStore(config.storage),
  inject: [CoordinatorConfig],
};

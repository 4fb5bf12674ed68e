import type { Provider } from '@nestjs/common';
import { healthObjectStoreProvider } from './object-store.health';
import { ShardsHealthIndicator } from './shards.health';

/** The readiness indicators, registered in AppModule beside TerminusModule. */
export const healthProviders: Provider[] = [healthObjectStoreProvider, ShardsHealthIndicator];

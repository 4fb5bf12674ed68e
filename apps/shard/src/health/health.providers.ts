import type { Provider } from '@nestjs/common';
import { PartitionsHealthIndicator } from './partitions.health';

/** The readiness indicators, registered in ShardModule beside TerminusModule. */
export const healthProviders: Provider[] = [PartitionsHealthIndicator];

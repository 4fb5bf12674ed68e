import type { Provider } from '@nestjs/common';
import { QueuesHealthIndicator } from './queues.health';

/** The readiness indicators, registered in WorkerModule beside TerminusModule. */
export const healthProviders: Provider[] = [QueuesHealthIndicator];

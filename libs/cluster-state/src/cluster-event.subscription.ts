import { parseClusterEvent, type ClusterEvent } from './cluster-event';
import { ClusterStateError, ClusterStateErrorCode, messageOf } from './cluster-state.error';
import { closeRedis, openRedis, redactRedisUrl, type RedisConnectionOptions } from './redis-connection';

/** Receives what a subscription cannot deliver: malformed messages and handler exceptions. */
export type ClusterEventErrorHandler = (error: unknown) => void;

/** A handler exception must not kill the subscriber connection, nor vanish without a trace. */
export const warnOnEventError: ClusterEventErrorHandler = (error) => {
  process.emitWarning(`cluster event not handled: ${messageOf(error)}`, 'ShoalClusterEventWarning');
};

/**
 * Subscribes on a connection of its own (a subscribed Redis connection cannot run other
 * commands) and resolves once Redis confirmed the subscription, so every event published after
 * that is delivered. ioredis resubscribes after reconnecting; events published during an outage
 * are lost, which is why processes also poll.
 */
export async function openEventSubscription(
  connection: RedisConnectionOptions,
  channel: string,
  handler: (event: ClusterEvent) => void,
  onError: ClusterEventErrorHandler,
): Promise<() => Promise<void>> {
  const subscriber = await openRedis(connection);
  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    const event = parseClusterEvent(message);
    if (event === null) {
      onError(new Error(`ignored a malformed cluster event on ${channel}: ${message.slice(0, 200)}`));
      return;
    }
    try {
      handler(event);
    } catch (error) {
      onError(error);
    }
  });
  try {
    await subscriber.subscribe(channel);
  } catch (error) {
    subscriber.disconnect();
    throw new ClusterStateError(
      ClusterStateErrorCode.Unavailable,
      `Cannot subscribe to ${channel} at ${redactRedisUrl(connection.url)}: ${messageOf(error)}`,
      { cause: error },
    );
  }
  let closing: Promise<void> | undefined;
  return () => (closing ??= closeRedis(subscriber));
}

import type { HealthIndicatorResult } from '@nestjs/terminus';

/** What probe needs of terminus's HealthIndicatorSession (not exported by terminus 11). */
interface Session {
  up(data: Record<string, unknown>): HealthIndicatorResult;
  down(data: Record<string, unknown>): HealthIndicatorResult;
}

/**
 * A probe that gets no answer within this long is down: ioredis and the S3 client retry for
 * longer than a load balancer waits, and a readiness check must answer before the balancer gives up.
 */
export const PROBE_TIMEOUT_MS = 3000;

/** A probe's "not ready", with details for the health body (which partitions, and why). */
export class NotReadyError extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Runs `check` with a deadline: up with what it resolves; down with the error's message (and details). */
export async function probe(session: Session, check: () => Promise<Record<string, unknown>>): Promise<HealthIndicatorResult> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
  });
  try {
    return session.up(await Promise.race([check(), deadline]));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return session.down({ message, ...(error instanceof NotReadyError ? error.details : {}) });
  } finally {
    clearTimeout(timer);
  }
}

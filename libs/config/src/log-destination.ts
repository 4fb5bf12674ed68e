import pino from 'pino';

/** Settings of {@link createLogDestination}. */
export interface LogDestinationOptions {
  /** File descriptor to write to. @defaultValue 1 (stdout) */
  fd?: number;
  /** Bytes buffered before a write(2). @defaultValue 8192 (sonic-boom writes at most 16 KiB at a time) */
  bufferBytes?: number;
  /** Longest a buffered line waits before it is written. @defaultValue 250 */
  flushIntervalMs?: number;
}

/** What the apps log into: a pino destination that is flushed on exit. */
export interface LogDestination {
  stream: pino.DestinationStream;
  /** Writes what is buffered now (synchronously); also done on process exit. */
  flushSync(): void;
  /** Writes what is buffered and stops the flush timer and the exit hook (the fd stays open). */
  close(): void;
}

/**
 * A buffered, asynchronous stdout for the apps' pino loggers. One access-log line per request
 * written straight through costs a write(2) each (and a wake-up of whatever reads the pipe): in the
 * cluster benchmark that was about a tenth of the coordinator's CPU. Lines are buffered up to
 * `bufferBytes` and written at the latest `flushIntervalMs` after they were logged, and whatever
 * is left is written synchronously when the process exits (process.exit, a signal handled by the
 * app, or an uncaught error). A SIGKILL loses at most the last `flushIntervalMs` of lines.
 */
export function createLogDestination(options: LogDestinationOptions = {}): LogDestination {
  const destination = pino.destination({ dest: options.fd ?? 1, sync: false, minLength: options.bufferBytes ?? 8_192 });
  const flushSync = () => {
    try {
      destination.flushSync();
    } catch {
      // Nothing to write yet (sonic-boom refuses before its fd is ready), or stdout is gone: nothing to do.
    }
  };
  const timer = setInterval(() => {
    try {
      // While a write is in flight this does nothing: the buffer goes out when it completes.
      destination.flush();
    } catch {
      // Destroyed (the process is ending): the exit handler writes what is left.
    }
  }, options.flushIntervalMs ?? 250);
  timer.unref();
  process.on('exit', flushSync);
  return {
    stream: destination,
    flushSync,
    close() {
      clearInterval(timer);
      process.off('exit', flushSync);
      flushSync();
    },
  };
}

import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createLogDestination } from './log-destination';

describe('createLogDestination', () => {
  let dir: string;
  let file: string;
  let fd: number;
  let opened: { close(): void }[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'shoal-log-'));
    file = join(dir, 'out.log');
    fd = openSync(file, 'w');
  });

  afterEach(() => {
    // Stop every destination's timer before its fd closes (a later write could hit a reused fd).
    opened.forEach((destination) => destination.close());
    opened = [];
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  });

  const track = <T extends { close(): void }>(destination: T): T => {
    opened.push(destination);
    return destination;
  };
  const lines = () => readFileSync(file, 'utf8').split('\n').filter(Boolean);

  it('buffers lines and writes them within the flush interval', async () => {
    const destination = track(createLogDestination({ fd, flushIntervalMs: 50 }));
    const logger = pino({ base: null }, destination.stream);
    logger.info('first');
    logger.info('second');
    expect(lines()).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lines().map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['first', 'second']);
  });

  it('writes as soon as the buffer is full', async () => {
    const destination = track(createLogDestination({ fd, bufferBytes: 1024, flushIntervalMs: 60_000 }));
    const logger = pino({ base: null }, destination.stream);
    for (let i = 0; i < 40; i++) logger.info({ i, pad: 'x'.repeat(40) }, 'line');
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Long before the 60 s interval: a full buffer goes out by itself.
    expect(lines().length).toBeGreaterThan(0);
    destination.flushSync();
    expect(lines()).toHaveLength(40);
  });

  it('close writes what is left and stops the timer and the exit hook', () => {
    const exitHooks = process.listenerCount('exit');
    const destination = createLogDestination({ fd, flushIntervalMs: 60_000 });
    expect(process.listenerCount('exit')).toBe(exitHooks + 1);
    pino({ base: null }, destination.stream).info('last');
    destination.close();
    expect(lines()).toHaveLength(1);
    expect(process.listenerCount('exit')).toBe(exitHooks);
  });

  it('flushSync writes what is buffered at once', () => {
    const destination = track(createLogDestination({ fd, flushIntervalMs: 60_000 }));
    pino({ base: null }, destination.stream).warn('before exit');
    destination.flushSync();
    expect(lines()).toHaveLength(1);
  });
});

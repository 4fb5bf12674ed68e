import { Writable } from 'node:stream';
import pino from 'pino';
import { PinoNestLogger } from './pino-nest.logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: new PinoNestLogger(pino({ level: 'info' }, sink)) };
}

describe('PinoNestLogger', () => {
  it('writes one JSON line per event with the Nest context, and a stack when given', async () => {
    const { lines, logger } = capture();
    logger.log('listening', 'Main');
    logger.error('boom', 'Error: boom\n    at x', 'ApiErrorFilter');
    logger.log('Mapped {/x, GET} route', 'RouterExplorer');
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, context: 'Main', msg: 'listening' }),
      expect.objectContaining({ level: 50, context: 'ApiErrorFilter', msg: 'boom', stack: 'Error: boom\n    at x' }),
    ]);
  });
});

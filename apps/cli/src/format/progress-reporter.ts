import type { OutputStream } from '../cli-context';

const BAR_WIDTH = 30;
/** Redraws on a terminal at most this often: faster is invisible and costs writes. */
const REDRAW_MS = 100;
/** Without a terminal (CI logs, pipes): one line per this fraction… */
const LINE_STEP = 0.1;
/** …or after this long without one, so a slow job still shows signs of life. */
const LINE_EVERY_MS = 10_000;

/**
 * Progress of a long operation on stderr. On a terminal, one line redrawn in place (`\r`); elsewhere
 * a plain line at every 10% and at least every 10 s, so logs stay readable.
 */
export class ProgressReporter {
  private lastDraw = Number.NEGATIVE_INFINITY;
  private lastLineStep = -1;
  private lastLineAt = 0;
  private drawn = false;

  constructor(
    private readonly stream: OutputStream,
    private readonly label: string,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** `fraction` in [0, 1]; `detail` e.g. "12,000/60,000 vectors, 9,800/s". */
  update(fraction: number, detail = ''): void {
    const clamped = Math.min(1, Math.max(0, fraction));
    const percent = `${Math.floor(clamped * 100)}%`.padStart(4);
    const now = this.now();
    if (this.stream.isTTY) {
      if (now - this.lastDraw < REDRAW_MS && clamped < 1) return;
      this.lastDraw = now;
      const filled = Math.round(clamped * BAR_WIDTH);
      this.stream.write(`\r\x1b[2K${this.label} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${percent}${detail ? ` ${detail}` : ''}`);
      this.drawn = true;
      return;
    }
    const step = Math.floor(clamped / LINE_STEP);
    if (step === this.lastLineStep && now - this.lastLineAt < LINE_EVERY_MS) return;
    this.lastLineStep = step;
    this.lastLineAt = now;
    this.stream.write(`${this.label} ${percent.trim()}${detail ? ` ${detail}` : ''}\n`);
  }

  /** Ends the redrawn line so what follows starts on its own line. */
  finish(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}

import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium package; playwright-core drives it, it downloads no browser of its own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Headless Chromium for the browser tests. `--no-sandbox`: the tests may run as root. The other
 * flags stop Chromium's background traffic (updates, sync, QUIC probes), which would flood an
 * offline machine's closed network and slow the start.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

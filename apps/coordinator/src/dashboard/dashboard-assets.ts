import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One static file of the page, read once at boot. */
export interface DashboardAsset {
  body: Buffer;
  contentType: string;
  /** Strong validator: a hash of the bytes. */
  etag: string;
}

/**
 * The only files served under /dashboard, with their content types: a fixed allow-list, so no
 * request path ever reaches the file system (no traversal, no listing, no dotfiles).
 */
export const DASHBOARD_FILES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'dashboard.css': 'text/css; charset=utf-8',
  'main.js': 'text/javascript; charset=utf-8',
  'api.js': 'text/javascript; charset=utf-8',
  'dom.js': 'text/javascript; charset=utf-8',
  'chart.js': 'text/javascript; charset=utf-8',
  'render.js': 'text/javascript; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};

const ASSETS_DIR = join(__dirname, 'assets');

/**
 * The page's files in memory (a few tens of KB). Read when the module is built, so a missing
 * file fails the coordinator's start-up instead of the first visit.
 */
export class DashboardAssets {
  private readonly files: ReadonlyMap<string, DashboardAsset>;

  constructor(dir = ASSETS_DIR) {
    this.files = new Map(
      Object.entries(DASHBOARD_FILES).map(([name, contentType]) => {
        const body = readFileSync(join(dir, name));
        return [name, { body, contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` }];
      }),
    );
  }

  /** The allow-listed file of that exact name, or undefined. */
  get(name: string): DashboardAsset | undefined {
    return Object.hasOwn(DASHBOARD_FILES, name) ? this.files.get(name) : undefined;
  }
}

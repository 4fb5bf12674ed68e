import { statSync } from 'node:fs';
import { resolve } from 'node:path';

import { FaissUnavailableError } from './faiss-unavailable.error';
import type { NativeModule } from './native';

/** Where `npm run build:native` (scripts/build-native.sh) writes the addon. */
export const DEFAULT_ADDON_PATH = resolve(__dirname, '..', 'build', 'Release', 'shoal_faiss.node');

/** `SHOAL_FAISS_ADDON` points at an addon built elsewhere (e.g. a container image layout). */
export function addonPath(): string {
  return process.env.SHOAL_FAISS_ADDON || DEFAULT_ADDON_PATH;
}

const BUILD_HINT = 'run `npm run build:native` (needs `apt-get install libfaiss-dev libopenblas-dev`)';

let loaded: { module: NativeModule } | { error: FaissUnavailableError } | undefined;

// Duck-typed: errors from another realm (vm contexts, Jest) fail `instanceof Error`.
function describe(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}

/**
 * Loads the addon file at `path`, uncached. The public entry points use {@link loadFaissNative};
 * this exists for tests and for tools that ship the addon somewhere else.
 * @throws FaissUnavailableError naming the file, the reason and the fix
 */
export function loadNativeFrom(path: string): NativeModule {
  try {
    statSync(path);
  } catch (cause) {
    throw new FaissUnavailableError(`Faiss addon not found at ${path}: ${BUILD_HINT}`, cause);
  }
  const holder: { exports: Partial<NativeModule> } = { exports: {} };
  try {
    // process.dlopen rather than require: a native file needs no module-system resolution.
    process.dlopen(holder, path);
  } catch (cause) {
    throw new FaissUnavailableError(`Faiss addon at ${path} failed to load: ${describe(cause)}; ${BUILD_HINT}`, cause);
  }
  if (typeof holder.exports.createIndex !== 'function') {
    throw new FaissUnavailableError(`${path} is not the Shoal Faiss addon; ${BUILD_HINT}`, undefined);
  }
  return holder.exports as NativeModule;
}

/**
 * The addon, loaded on first use and cached (a failure is cached too). Importing this package
 * never loads it, so code paths that do not use Faiss work without it.
 * @throws FaissUnavailableError
 */
export function nativeModule(): NativeModule {
  if (loaded === undefined) {
    try {
      loaded = { module: loadNativeFrom(addonPath()) };
    } catch (error) {
      if (!(error instanceof FaissUnavailableError)) throw error;
      loaded = { error };
    }
  }
  if ('error' in loaded) throw loaded.error;
  return loaded.module;
}

/**
 * Loads the addon now (e.g. at start-up, to fail fast with the reason).
 * @throws FaissUnavailableError
 */
export function loadFaissNative(): void {
  nativeModule();
}

/** Whether the addon loads, with the reason when it does not. */
export function isFaissAvailable(): { ok: true } | { ok: false; reason: string } {
  try {
    nativeModule();
    return { ok: true };
  } catch (error) {
    if (error instanceof FaissUnavailableError) return { ok: false, reason: error.message };
    throw error;
  }
}

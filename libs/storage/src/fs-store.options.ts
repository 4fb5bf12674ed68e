/** Settings of {@link FilesystemObjectStore}. */
export interface FilesystemObjectStoreOptions {
  /**
   * Directory holding the objects, one file per key (`a/b.seg` → `{root}/a/b.seg`). Several
   * processes may share it (the local cluster of `npm start` does). It must be one filesystem:
   * atomic writes rename from `{root}/.staging~`.
   */
  readonly root: string;
}

/** Size and modification time of a stored object. */
export interface ObjectStat {
  /** Length of the object in bytes. */
  readonly size: number;
  /** When the object was last written (S3: Last-Modified; filesystem: mtime). */
  readonly modified: Date;
}

/** Why an engine call was refused; the cluster maps these codes to HTTP statuses. */
export enum EngineErrorCode {
  InvalidArgument = 'INVALID_ARGUMENT',
  DimensionMismatch = 'DIMENSION_MISMATCH',
  NotTrained = 'NOT_TRAINED',
  BackendUnavailable = 'BACKEND_UNAVAILABLE',
  CorruptSnapshot = 'CORRUPT_SNAPSHOT',
}

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EngineError';
  }
}

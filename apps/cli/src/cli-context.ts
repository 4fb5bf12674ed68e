/** A stream the CLI writes to; `isTTY` decides between a redrawn progress line and periodic lines. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Everything a command touches outside its arguments, so tests can run commands in-process. */
export interface CliContext {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Readonly<Record<string, string | undefined>>;
  /** Resolves when the user asks to stop (Ctrl-C / SIGTERM); `shoal up` serves until then. */
  waitForStop(): Promise<void>;
}

// What a command needs from the process, passed in so tests and the demo can run commands in-process.

export interface CliIo {
  out: NodeJS.WriteStream;
  err: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

/** Exit codes the README documents. */
export const EXIT = { ok: 0, failed: 1, refused: 2, regressions: 3 } as const;

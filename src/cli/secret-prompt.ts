// Reads a secret from the terminal without echoing it. Passwords never come from arguments (they would
// show in `ps` and shell history), only from the environment or from here.

import { InvalidInputError } from '../core/errors';

export async function promptSecret(question: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    throw new InvalidInputError(`${question.replace(/:\s*$/, '')} is needed and there is no terminal to ask on: set it in the environment (see --help).`);
  }
  // Raw mode (no echo) before the question shows: anything typed as soon as it appears must not be echoed.
  input.setRawMode(true);
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let value = '';
    input.resume();
    input.setEncoding('utf8');
    const done = (result: string | Error): void => {
      input.setRawMode(false);
      input.pause();
      input.removeListener('data', onData);
      process.stderr.write('\n');
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done(value);
        if (ch === '\u0003') return done(new InvalidInputError('Interrupted while asking for a password.'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    input.on('data', onData);
  });
}

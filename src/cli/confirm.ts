import { createInterface } from 'node:readline/promises';

/** Asks a yes/no question on the terminal; anything but yes is no. Without a terminal the answer is no. */
export async function confirm(question: string, io: { out: NodeJS.WriteStream }): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: io.out });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

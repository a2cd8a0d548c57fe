// `asa-upgrade`: dispatches to one command per file. Errors the user can act on (bad input, a refused
// precondition) print their message and exit 2; anything else exits 1. Nothing here prints a secret:
// messages come from typed errors that are built redacted.

import { AsaUpgradeError, InvalidInputError, PreconditionError, HostKeyRejectedError } from '../core/errors';
import { redactUrlCredentials } from '../core/redact';
import { demoCommand } from './commands/demo';
import { fleetCommand } from './commands/fleet';
import { labCommand } from './commands/lab';
import { planCommand } from './commands/plan';
import { resumeCommand } from './commands/resume';
import { statusCommand } from './commands/status';
import { upgradeCommand } from './commands/upgrade';
import { EXIT, type CliIo } from './io';
import { USAGE } from './usage';

const COMMANDS: Record<string, (argv: string[], io: CliIo) => Promise<number>> = {
  lab: labCommand,
  status: statusCommand,
  plan: planCommand,
  upgrade: upgradeCommand,
  fleet: fleetCommand,
  resume: resumeCommand,
  demo: demoCommand,
};

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out.write(USAGE);
    return name ? EXIT.ok : EXIT.refused;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err.write(`Unknown command "${name}".\n\n${USAGE}`);
    return EXIT.refused;
  }
  // `asa-upgrade upgrade --help` is how people ask about one command; it must not be an unknown option.
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out.write(USAGE);
    return EXIT.ok;
  }
  try {
    return await command(rest, io);
  } catch (e) {
    const err = e as Error & { code?: string };
    const message = redactUrlCredentials(err.message ?? String(e));
    if (err instanceof InvalidInputError || err instanceof PreconditionError || err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      io.err.write(`${message}\n`);
      // Someone reaching for a password flag needs to learn where passwords do go, not just that the flag is wrong.
      if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && /'--(password|enable-password|passphrase|pass)\b/i.test(message)) {
        io.err.write('Passwords are never taken as arguments (they would show in ps and shell history): set ASA_PASSWORD and ASA_ENABLE_PASSWORD in the environment, or leave them unset to be asked on the terminal.\n');
      }
      return EXIT.refused;
    }
    if (err instanceof HostKeyRejectedError || err instanceof AsaUpgradeError) {
      io.err.write(`${message}\n`);
      return EXIT.failed;
    }
    io.err.write(`Unexpected error: ${message}\n`);
    return EXIT.failed;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), { out: process.stdout, err: process.stderr, env: process.env }).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`${redactUrlCredentials(String(e))}\n`);
      process.exitCode = 1;
    },
  );
}

// Where the tool keeps what every one of the user's processes must share (job locks, journals): the user's
// state directory, never TMPDIR (each shell, sandbox or service manager may give its own). The CLI and the
// extension call the same function, so a job started in one is seen by the other.
//   Linux and other Unix: $XDG_STATE_HOME/asa-upgrade, else ~/.local/state/asa-upgrade (XDG Base Directory spec)
//   macOS: ~/Library/Application Support/asa-upgrade
//   Windows: %LOCALAPPDATA%\asa-upgrade, else ~\AppData\Local\asa-upgrade

import { homedir } from 'node:os';
import { isAbsolute, join, win32 } from 'node:path';

export const STATE_DIR_NAME = 'asa-upgrade';

export function userStateDirectory(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = env.HOME || (platform === 'win32' ? env.USERPROFILE : undefined) || homedir();
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA && win32.isAbsolute(env.LOCALAPPDATA) ? env.LOCALAPPDATA : win32.join(home, 'AppData', 'Local');
    return win32.join(local, STATE_DIR_NAME);
  }
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', STATE_DIR_NAME);
  // The XDG spec says a relative XDG_STATE_HOME is invalid and must be ignored.
  const xdg = env.XDG_STATE_HOME && isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : join(home, '.local', 'state');
  return join(xdg, STATE_DIR_NAME);
}

export function lockDirectory(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  return join(userStateDirectory(env, platform), 'locks');
}

export function journalDirectory(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  return join(userStateDirectory(env, platform), 'journals');
}

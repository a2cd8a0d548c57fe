#!/usr/bin/env node
// A tiny stand-in for an ASA CLI, run by a real OpenSSH sshd as its ForceCommand: prints `asa>`, answers
// `enable` (password from FAKE_ASA_ENABLE, default `fake-enable`), `terminal pager 0` and `show version`
// (from the file given as the first argument). Plain JavaScript so sshd can start it with node alone.
'use strict';
const { readFileSync } = require('node:fs');

const versionFile = process.argv[2];
const enablePassword = process.argv[3] || 'fake-enable';
const hostname = 'asa';
let privileged = false;
let awaitingEnable = false;
let line = '';

// Under a pty, take over echo and line editing like a device CLI does.
if (process.stdin.isTTY) process.stdin.setRawMode(true);
const out = (text) => process.stdout.write(text);
const prompt = () => `${hostname}${privileged ? '#' : '>'} `;

function run(input) {
  out('\r\n');
  if (awaitingEnable) {
    awaitingEnable = false;
    if (input === enablePassword) privileged = true;
    else out('Invalid password\r\n');
    return out(prompt());
  }
  const command = input.trim();
  if (command === '') return out(prompt());
  if (command === 'enable' && !privileged) {
    awaitingEnable = true;
    return out('Password: ');
  }
  if (command === 'exit' || command === 'quit') process.exit(0);
  if (command === 'terminal pager 0' || command === 'enable') return out(prompt());
  if (command === 'show version' && privileged) {
    out(readFileSync(versionFile, 'utf8').replace(/\r?\n/g, '\r\n') + '\r\n');
    return out(prompt());
  }
  out(`${' '.repeat(prompt().length)}^\r\nERROR: % Invalid input detected at '^' marker.\r\n`);
  out(prompt());
}

let previous = '';
process.stdin.on('data', (data) => {
  for (const ch of data.toString('utf8')) {
    const afterCr = previous === '\r';
    previous = ch;
    if (ch === '\u0004' || ch === '\u0003') process.exit(0);
    if (ch !== '\r' && ch !== '\n') {
      line += ch;
      if (!awaitingEnable) out(ch);
      continue;
    }
    if (ch === '\n' && afterCr && line === '') continue;
    const input = line;
    line = '';
    run(input);
  }
});
process.stdin.on('end', () => process.exit(0));
out(`Type help or '?' for a list of available commands.\r\n${prompt()}`);

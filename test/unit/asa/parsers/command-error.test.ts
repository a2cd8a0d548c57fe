import assert from 'node:assert/strict';
import { findCommandError } from '../../../../src/asa/parsers';
import { fixtureFiles, readFixture, RECORDED_DIR, VARIANTS_DIR } from './fixtures';

describe('device refusals', () => {
  const refusals: [string, string][] = [
    ["                 ^\nERROR: % Invalid input detected at '^' marker.\n", "ERROR: % Invalid input detected at '^' marker."],
    ['%Error opening tftp://192.0.2.1/a.bin (Timed out)\n', '%Error opening tftp://192.0.2.1/a.bin (Timed out)'],
    ['ERROR: Unable to set boot image: file not found\n', 'ERROR: Unable to set boot image: file not found'],
    ['% Incomplete command\n', '% Incomplete command'],
    ['Command authorization failed\n', 'Command authorization failed'],
    ["% Invalid input detected at '^' marker.\n", "% Invalid input detected at '^' marker."],
    ['% Ambiguous command: "sh"\n', '% Ambiguous command: "sh"'],
    ['!!!!!!!!!%Error writing disk0:/a.bin (No space left on device)', '%Error writing disk0:/a.bin (No space left on device)'],
    ['  ERROR: % Unrecognized command  \r\n', 'ERROR: % Unrecognized command'],
  ];
  for (const [text, line] of refusals) {
    it(`finds the refusal "${line}"`, () => assert.equal(findCommandError(text), line));
  }

  it('finds no refusal in any recorded or successful output', () => {
    for (const [dir, files] of [
      [RECORDED_DIR, fixtureFiles(RECORDED_DIR)],
      [VARIANTS_DIR, fixtureFiles(VARIANTS_DIR).filter((f) => !f.startsWith('copy.error'))],
    ] as const) {
      for (const file of files) assert.equal(findCommandError(readFixture(dir, file)), undefined, file);
    }
  });

  it('does not mistake a failure reason or a warning for a refusal', () => {
    assert.equal(findCommandError('               Standby Ready  Comm Failure\n%Warning: something to note\nINFO: done\n'), undefined);
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isUnsolicitedLine, removeUnsolicited } from '../../../src/asa/unsolicited';

const CAPTURES = join(__dirname, '..', '..', 'fixtures', 'asa-outputs');

describe('unsolicited console lines', () => {
  it('recognises syslog lines (with the timestamp and device-id prefixes) and replication notices', () => {
    for (const line of [
      "%ASA-5-111008: User 'admin' executed the 'write memory' command.",
      "Nov 30 2026 01:02:03: %ASA-5-111008: User 'admin' executed the 'write memory' command.",
      '<166>Nov 30 2026 01:02:03 asa : %ASA-6-605005: Login permitted from 192.0.2.9/50112 to management:203.0.113.1/ssh for user "admin"',
      '%ASA-1-104001: (Primary) Switching to ACTIVE - Set by the config command.',
      'Beginning configuration replication: Sending to mate.',
      '        End Configuration Replication to mate',
      'Beginning configuration replication from mate.',
      'End configuration replication from mate.',
    ]) {
      assert.ok(isUnsolicitedLine(line), line);
    }
    for (const line of ['Failover On', 'This host: Primary - Active', 'asa# ', '14:33:02 UTC Nov 30 2026', 'Negotiation    Cold Standby    Detected an Active mate']) {
      assert.ok(!isUnsolicitedLine(line), line);
    }
  });

  it('removes them from output, also inside it, and leaves the prompt last when they came after it', () => {
    assert.equal(removeUnsolicited('Building configuration...\nBeginning configuration replication: Sending to mate.\n[OK]\nasa# ').text, 'Building configuration...\n[OK]\nasa# ');
    assert.equal(removeUnsolicited("Failover On\nasa# \n%ASA-5-111008: User 'admin' executed the 'x' command.\n").text, 'Failover On\nasa# ');
    assert.equal(removeUnsolicited('Failover On\nasa/pri/act# End Configuration Replication to mate\n').text, 'Failover On\nasa/pri/act# ');
    assert.equal(removeUnsolicited("Password: %ASA-5-502103: User priv level changed: Uname: enable_15 From: 1 To: 15").text, 'Password: ');
    assert.deepEqual(removeUnsolicited('Failover On\nasa# ').messages, []);
  });

  it('removes what real active units printed when their mate came back on another release (both captures)', () => {
    for (const file of ['console.mate-version-warning.on-active.asav-9.6.raw', 'console.mate-version-warning.on-active.asa5525-9.2.raw']) {
      const captured = readFileSync(join(CAPTURES, file), 'utf8');
      const answer = `Failover On\nasa# \n${captured}`;
      const cleaned = removeUnsolicited(answer);
      assert.equal(cleaned.text, 'Failover On\nasa# ', file);
      assert.equal(cleaned.messages.length, 5, file);
      assert.match(cleaned.messages[1], /^Mate version \S+ is not identical with ours \S+$/);
    }
  });
});

import assert from 'node:assert/strict';
import { isEnableRefusal, parsePrompt, pendingInteraction, trailingPrompt } from '../../../src/asa/prompt';

describe('ASA prompt detection', () => {
  const prompts: [string, string, string, string | undefined, string][] = [
    // line, hostname, qualifier, configMode, mode
    ['asa>', 'asa', '', undefined, 'user'],
    ['asa# ', 'asa', '', undefined, 'privileged'],
    ['asa(config)# ', 'asa', '', 'config', 'config'],
    ['fw-01.dc1(config-if)#', 'fw-01.dc1', '', 'config-if', 'config'],
    ['asa/pri/act# ', 'asa', 'pri/act', undefined, 'privileged'],
    ['asa/sec/stby(config)# ', 'asa', 'sec/stby', 'config', 'config'],
    ['asa/admin# ', 'asa', 'admin', undefined, 'privileged'],
    ['asa/pri/act/admin# ', 'asa', 'pri/act/admin', undefined, 'privileged'],
    ['asa/pri/act> ', 'asa', 'pri/act', undefined, 'user'],
  ];
  for (const [line, hostname, qualifier, configMode, mode] of prompts) {
    it(`recognises "${line.trim()}" as a ${mode} prompt of ${hostname}`, () => {
      const p = parsePrompt(line);
      assert.ok(p, `not recognised: ${line}`);
      assert.equal(p.hostname, hostname);
      assert.equal(p.qualifier, qualifier);
      assert.equal(p.configMode, configMode);
      assert.equal(p.mode, mode);
    });
  }

  it('does not take output lines for prompts', () => {
    for (const line of ['Cryptochecksum: 1234 abcd', '  Interface inside (10.0.0.1): Normal (Monitored)', 'Password: ', '!!!!!!!!', 'asa# show version', '#', '>']) {
      assert.equal(parsePrompt(line), undefined, line);
    }
  });

  it('finds the prompt only at the end of the text, and only for the known host', () => {
    assert.equal(trailingPrompt('show version\nCisco ...\nasa1# ')?.mode, 'privileged');
    assert.equal(trailingPrompt('asa1# show version\nCisco ...\n'), undefined);
    assert.equal(trailingPrompt('output\nother#', 'asa1'), undefined);
    assert.equal(trailingPrompt('output\nasa1/sec/act#', 'asa1')?.qualifier, 'sec/act');
  });

  it('sees the pager prompt, confirmations and the password question', () => {
    assert.deepEqual(pendingInteraction('line 24\n<--- More --->'), { kind: 'more' });
    assert.equal(pendingInteraction('Proceed with reload? [confirm]')?.kind, 'confirm');
    assert.equal(pendingInteraction('Address or name of remote host [10.0.0.1]? ')?.kind, 'confirm');
    assert.equal(pendingInteraction('Destination filename [asa9-20-2-smp-k8.bin]? ')?.kind, 'confirm');
    assert.equal(pendingInteraction('asa> enable\nPassword: ')?.kind, 'password');
    assert.equal(pendingInteraction('Proceed with reload? [confirm]\nasa# '), undefined);
  });

  it('sees a request to SET a password (enable with none set) and a yes/no question, never as a plain Password:', () => {
    assert.equal(pendingInteraction('asa> enable\nThe enable password is not set.  Please set it now.\nEnter  Password: ')?.kind, 'set-password');
    assert.equal(pendingInteraction('The enable password is not set.  Please set it now.')?.kind, 'set-password');
    assert.equal(pendingInteraction('Enter  Password: ****\nRepeat Password: ')?.kind, 'set-password');
    assert.equal(
      pendingInteraction("The authenticity of host '192.0.2.10' can't be established.\nAre you sure you want to continue connecting (yes/no)? ")?.kind,
      'yes-no',
    );
    assert.equal(pendingInteraction('Are you sure you want to continue connecting (yes/no/[fingerprint])?')?.kind, 'yes-no');
  });

  it('recognises a refused enable password', () => {
    assert.ok(isEnableRefusal('Invalid password\nasa> '));
    assert.ok(isEnableRefusal('Access denied.'));
    assert.ok(!isEnableRefusal('asa# '));
  });
});

import assert from 'node:assert/strict';
import { cleanTerminalText, removeMorePrompts, stripAnsi, stripEcho, trimBlankLines } from '../../../src/asa/terminal-text';

describe('ASA terminal text', () => {
  it('removes ANSI escapes', () => {
    assert.equal(stripAnsi('\u001b[2Jshow \u001b[1mversion\u001b[0m\u001b[K'), 'show version');
  });

  it('turns CRLF, CR CR LF and CR-only line ends into LF and applies backspaces like a terminal', () => {
    assert.equal(cleanTerminalText('a\r\nb\r\r\nc'), 'a\nb\nc');
    assert.equal(cleanTerminalText('shwo\b\b\bhow version'), 'show version');
    // Units that end lines with a bare CR: each CR ends a line (it used to move back to column 0, so the
    // prompt overwrote the line before it and was never seen).
    assert.equal(cleanTerminalText('Failover On\rFailover unit Primary\rasa# '), 'Failover On\nFailover unit Primary\nasa# ');
    // A CR followed by blanks over what it returned across, or by "erase line", still erases it.
    assert.equal(cleanTerminalText('#\r               Bulk Sync      None'), '               Bulk Sync      None');
    assert.equal(cleanTerminalText('<--- More --->\r\u001b[Kline 25'), 'line 25');
  });

  it('removes the FXOS-style --More-- pager prompt too, but not inside a half-arrived <--- More --->', () => {
    assert.deepEqual(removeMorePrompts('line 1\r\n--More--'), { text: 'line 1\r\n', count: 1 });
    assert.deepEqual(removeMorePrompts('line 1\r\n<--- More --'), { text: 'line 1\r\n<--- More --', count: 0 });
    assert.equal(cleanTerminalText('line 1\r\n--More--\r        \rline 2\r\n'), 'line 1\nline 2\n');
  });

  it('removes the pager prompt and the blanks that erase it', () => {
    const raw = 'line 1\r\nline 2\r\n<--- More --->\r              \rline 3\r\n';
    assert.equal(cleanTerminalText(raw), 'line 1\nline 2\nline 3\n');
    const backspaced = 'line 2\r\n<--- More --->' + '\b'.repeat(14) + ' '.repeat(14) + '\b'.repeat(14) + 'line 3';
    assert.equal(cleanTerminalText(backspaced), 'line 2\nline 3');
    assert.deepEqual(removeMorePrompts('a<--- More --->b<--- More --->'), { text: 'ab', count: 2 });
  });

  it('drops the echoed command, also when the device wrapped it', () => {
    assert.equal(stripEcho('show version\nCisco Adaptive Security Appliance', 'show version'), 'Cisco Adaptive Security Appliance');
    assert.equal(stripEcho('copy /noconfirm http://h/a\n.bin disk0:/a.bin\nAccessing', 'copy /noconfirm http://h/a.bin disk0:/a.bin'), 'Accessing');
    assert.equal(stripEcho('Cisco Adaptive', 'show version'), 'Cisco Adaptive');
  });

  it('trims blank lines around the output but keeps inner ones', () => {
    assert.equal(trimBlankLines('\n\nfirst\n\nlast\n \n'), 'first\n\nlast');
  });
});

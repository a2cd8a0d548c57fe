import assert from 'node:assert/strict';
import { InvalidInputError } from '../../../src/core/errors';
import { formatEndpoint, parseEndpoint } from '../../../src/asa/endpoint';

describe('management address parsing', () => {
  it('takes host, host:port and bracketed IPv6 with the default port when none is given', () => {
    assert.deepEqual(parseEndpoint('10.1.1.1', 22), { host: '10.1.1.1', port: 22 });
    assert.deepEqual(parseEndpoint(' fw-01.example.net:2222 ', 22), { host: 'fw-01.example.net', port: 2222 });
    assert.deepEqual(parseEndpoint('[fe80::1]:8022', 22), { host: 'fe80::1', port: 8022 });
    assert.deepEqual(parseEndpoint('2001:db8::5', 22), { host: '2001:db8::5', port: 22 });
  });

  it('refuses control characters, spaces, empty input and bad ports with a message saying why', () => {
    for (const bad of ['', '   ', 'host\nshow run', 'a b', 'host:0', 'host:65536', 'host:22x', 'host:', 'ho$t', '[10.0.0.1]:22', ':22']) {
      assert.throws(() => parseEndpoint(bad, 22), InvalidInputError, JSON.stringify(bad));
    }
    assert.throws(() => parseEndpoint('h:70000', 22), /outside 1-65535/);
  });

  it('formats IPv6 in brackets for messages', () => {
    assert.equal(formatEndpoint({ host: '::1', port: 22 }), '[::1]:22');
    assert.equal(formatEndpoint({ host: '127.0.0.1', port: 2222 }), '127.0.0.1:2222');
  });
});

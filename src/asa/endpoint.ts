// Host and port of one management address, parsed from what a user typed (`host`, `host:2222`,
// `[fe80::1]:22`). Refuses anything that could smuggle text into a command line or log.

import { InvalidInputError } from '../core/errors';

export interface Endpoint {
  host: string;
  port: number;
}

const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$/;
const IPV6 = /^[0-9A-Fa-f:.]+(?:%[A-Za-z0-9_.-]+)?$/;

function parsePort(text: string, original: string): number {
  if (!/^[0-9]{1,5}$/.test(text)) throw new InvalidInputError(`"${original}" has an invalid port "${text}": use a number from 1 to 65535.`);
  const port = Number(text);
  if (port < 1 || port > 65535) throw new InvalidInputError(`"${original}" has port ${port}, outside 1-65535.`);
  return port;
}

export function parseEndpoint(text: string, defaultPort: number): Endpoint {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) throw new InvalidInputError('The address contains control characters; type a host name or IP address, optionally with :port.');
  const input = text.trim();
  if (input === '') throw new InvalidInputError('The address is empty; type a host name or IP address, optionally with :port.');
  if (/\s/.test(input)) throw new InvalidInputError(`"${input}" contains spaces; type a host name or IP address, optionally with :port.`);
  let host: string;
  let port = defaultPort;
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(input);
  if (bracketed) {
    host = bracketed[1];
    if (bracketed[2] !== undefined) port = parsePort(bracketed[2], input);
    if (!host.includes(':') || !IPV6.test(host)) throw new InvalidInputError(`"${input}": only IPv6 addresses go in brackets.`);
  } else if ((input.match(/:/g) ?? []).length > 1) {
    host = input;
    if (!IPV6.test(host)) throw new InvalidInputError(`"${input}" is not a valid IPv6 address; write [address]:port to give a port.`);
  } else {
    const colon = input.indexOf(':');
    host = colon >= 0 ? input.slice(0, colon) : input;
    if (colon >= 0) port = parsePort(input.slice(colon + 1), input);
    if (!HOST_NAME.test(host)) throw new InvalidInputError(`"${host}" is not a valid host name or IPv4 address.`);
  }
  if (host === '') throw new InvalidInputError(`"${input}" has no host.`);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new InvalidInputError(`Port ${port} is outside 1-65535.`);
  return { host, port };
}

/** `host:port` for messages, with IPv6 in brackets. */
export function formatEndpoint(endpoint: Endpoint): string {
  return endpoint.host.includes(':') ? `[${endpoint.host}]:${endpoint.port}` : `${endpoint.host}:${endpoint.port}`;
}

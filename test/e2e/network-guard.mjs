// Loaded with `node --import` into the harness (and so into its job workers): records every attempt of the
// core to reach the network — an outgoing socket, a DNS lookup, a UDP socket, or a listener on anything but
// loopback — into the file named by PORTCULLIS_NETWORK_LOG, and refuses it. The e2e fixture fails a test
// whose harness wrote anything there. Plain JavaScript: node runs it before any bundle.
import dgram from 'node:dgram';
import dns from 'node:dns';
import { appendFileSync } from 'node:fs';
import net from 'node:net';

const log = process.env.PORTCULLIS_NETWORK_LOG;
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

function record(what) {
  const line = `${what} (pid ${process.pid})\n`;
  if (log) appendFileSync(log, line);
  return new Error(`network use refused in the e2e harness: ${what}`);
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const first = args[0];
  const target =
    typeof first === 'object' && first !== null
      ? (first.path ?? `${first.host ?? 'localhost'}:${first.port}`)
      : typeof first === 'string' && Number.isNaN(Number(first))
        ? first
        : `${args[1] ?? 'localhost'}:${first}`;
  // A Unix-domain socket is a local file, not the network.
  if (typeof first === 'object' && first !== null && first.path) return connect.apply(this, args);
  throw record(`outgoing connection to ${target}`);
};

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function guardedListen(...args) {
  const first = args[0];
  const host = typeof first === 'object' && first !== null ? first.host : args[1];
  const loopback = typeof host === 'string' && LOOPBACK.has(host);
  if (!loopback) throw record(`listener on ${String(host ?? 'all interfaces')}`);
  return listen.apply(this, args);
};

for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6']) {
  const original = dns[name];
  dns[name] = function guardedDns(host, ...rest) {
    // Listening on 127.0.0.1 looks the literal up; loopback names never leave the machine.
    if (LOOPBACK.has(host)) return original.call(this, host, ...rest);
    throw record(`DNS ${name} of ${String(host)}`);
  };
}

dgram.createSocket = function guardedUdp() {
  throw record('UDP socket');
};

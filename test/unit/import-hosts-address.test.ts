// Endpoint splitting and bind-address naming shared by the host listener parsers, and the service-name
// table used for output without -n.
import { describe, expect, it } from 'vitest';
import { bindAddressOf, parsePortToken, splitEndpoint } from '../../src-main/core/import/hosts/address';
import { formatProcesses } from '../../src-main/core/import/hosts/listeners';
import { portForServiceName } from '../../src-main/core/import/hosts/service-ports';

describe('splitEndpoint', () => {
  it.each([
    ['0.0.0.0:22', ':', '0.0.0.0', '22'],
    ['[::]:22', ':', '[::]', '22'],
    ['*:22', ':', '*', '22'],
    ['0.0.0.0%lo:53', ':', '0.0.0.0%lo', '53'],
    ['127.0.0.53%lo:domain', ':', '127.0.0.53%lo', 'domain'],
    ['fe80::1%eth0:123', ':', 'fe80::1%eth0', '123'],
    ['[fe80::9cc5:aeff:fec5:34ae]%eth0:123', ':', '[fe80::9cc5:aeff:fec5:34ae]%eth0', '123'],
    ['[fe80::af17:660e:b87c:eb22%22]:52286', ':', '[fe80::af17:660e:b87c:eb22%22]', '52286'],
    [':::22', ':', '::', '22'],
    ['::1:25', ':', '::1', '25'],
    ['*:*', ':', '*', '*'],
    ['*.22', '.', '*', '22'],
    ['127.0.0.1.25', '.', '127.0.0.1', '25'],
    ['fe80::1%lo0.123', '.', 'fe80::1%lo0', '123'],
    ['*.*', '.', '*', '*'],
  ] as const)('%s', (token, sep, host, port) => {
    expect(splitEndpoint(token, sep)).toEqual({ host, port });
  });

  it('refuses tokens without a port or without an address', () => {
    expect(splitEndpoint('/run/docker.sock', ':')).toBeNull();
    expect(splitEndpoint(':22', ':')).toBeNull();
    expect(splitEndpoint('10.0.0.1:', ':')).toBeNull();
  });
});

describe('bindAddressOf', () => {
  it.each([
    ['0.0.0.0', null, '0.0.0.0'],
    ['[::]', null, '::'],
    ['::', '6', '::'],
    ['127.0.0.1', null, '127.0.0.1'],
    ['[::1]', null, '::1'],
    ['0.0.0.0%lo', null, '0.0.0.0%lo'],
    ['0.0.0.0%virbr0', null, '0.0.0.0%virbr0'],
    ['127.0.0.53%lo', null, '127.0.0.53%lo'],
    ['fe80::1%eth0', null, 'fe80::1%eth0'],
    ['[fe80::9CC5:AEFF:FEC5:34AE]%eth0', null, 'fe80::9cc5:aeff:fec5:34ae%eth0'],
    ['[fe80::af17:660e:b87c:eb22%22]', null, 'fe80::af17:660e:b87c:eb22%22'],
    ['2001:db8:0:0:0:0:0:1', null, '2001:db8::1'],
    ['*', null, '*'],
    ['*', '4', '0.0.0.0'],
    ['*', '6', '::'],
    ['*', '46', '*'],
    ['localhost', '6', 'localhost'],
    ['*%ens33', null, '*%ens33'],
  ] as const)('%s (family %s) -> %s', (host, family, expected) => {
    expect(bindAddressOf(host, family)).toBe(expected);
  });
});

describe('parsePortToken', () => {
  it('reads numbers, wildcards and resolved service names', () => {
    expect(parsePortToken('22')).toEqual({ kind: 'port', port: 22, service: null });
    expect(parsePortToken('65535')).toEqual({ kind: 'port', port: 65535, service: null });
    expect(parsePortToken('65536')).toEqual({ kind: 'invalid' });
    expect(parsePortToken('*')).toEqual({ kind: 'unbound' });
    expect(parsePortToken('0')).toEqual({ kind: 'unbound' });
    expect(parsePortToken('ssh')).toEqual({ kind: 'port', port: 22, service: 'ssh' });
    expect(parsePortToken('bootpc')).toEqual({ kind: 'port', port: 68, service: 'bootpc' });
    expect(parsePortToken('microsoft-ds')).toEqual({ kind: 'port', port: 445, service: 'microsoft-ds' });
    expect(parsePortToken('frobnicator')).toEqual({ kind: 'unknown-name', name: 'frobnicator' });
    expect(parsePortToken('2?2')).toEqual({ kind: 'invalid' });
  });

  it('finds nothing for names that are Object prototype members', () => {
    expect(portForServiceName('constructor')).toBeNull();
    expect(portForServiceName('__proto__')).toBeNull();
    expect(portForServiceName('toString')).toBeNull();
  });

  it('holds the names the corpus listings print (ss/netstat/lsof without -n)', () => {
    // The names in the corpus: `cat hosts/* | grep -oE '[]*a-z0-9.]:[a-z][a-z0-9-]*( |$)'` gives bootpc,
    // bootps, domain, smtp, ssh (and ipv6-icmp, on raw sockets, which are skipped); port numbers per
    // /etc/services (netbase). smux is what `ss -tlp` printed for snmpd's AgentX port on the build host.
    expect(['ssh', 'smtp', 'domain', 'bootps', 'bootpc', 'SMUX'].map(portForServiceName)).toEqual([
      22, 25, 53, 67, 68, 199,
    ]);
  });
});

describe('formatProcesses', () => {
  it('joins several owners without repeats', () => {
    expect(
      formatProcesses([
        { name: 'memcached', pid: '22065', details: [] },
        { name: 'memcached', pid: '22065', details: [] },
        { name: 'svchost.exe', pid: '1712', details: ['RpcSs'] },
        { name: null, pid: '4', details: [] },
      ]),
    ).toBe('memcached pid 22065, svchost.exe pid 1712 (RpcSs), pid 4');
    expect(formatProcesses([])).toBeNull();
  });
});

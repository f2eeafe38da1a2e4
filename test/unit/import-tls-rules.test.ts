// The pure rules under the TLS/SSH parsers: weak suites and keys by name, protocol spellings, SSH protocol
// versions, testssl verdict wording, target and CSV field splitting, report timestamps.
import { describe, expect, it } from 'vitest';
import { weakCipherReason, weakKeyReason } from '../../src-main/core/import/tls/cipher-strength';
import { isoUtc } from '../../src-main/core/import/tls/endpoint';
import { normaliseTlsProtocol, sshProtocolVersions } from '../../src-main/core/import/tls/protocol-names';
import { splitSshTarget } from '../../src-main/core/import/tls/ssh-audit-json';
import { splitCsvRecord } from '../../src-main/core/import/tls/testssl-csv';
import { splitTarget, testsslOffered, testsslVulnerable } from '../../src-main/core/import/tls/testssl-findings';

describe('weakCipherReason', () => {
  it.each([
    ['TLS_RSA_WITH_RC4_128_SHA', 'RC4'],
    ['RC4-MD5', 'RC4'],
    ['ECDHE-RSA-RC4-SHA', 'RC4'],
    ['TLS_RSA_WITH_3DES_EDE_CBC_SHA', '3DES'],
    ['DES-CBC3-SHA', '3DES'],
    ['EDH-RSA-DES-CBC3-SHA', '3DES'],
    ['SSL_CK_DES_192_EDE3_CBC_WITH_MD5', '3DES'],
    ['TLS_RSA_WITH_DES_CBC_SHA', 'DES'],
    ['DES-CBC-SHA', 'DES'],
    ['EDH-RSA-DES-CBC-SHA', 'DES'],
    ['SSL_CK_DES_64_CBC_WITH_MD5', 'DES'],
    ['TLS_RSA_EXPORT_WITH_DES40_CBC_SHA', 'EXPORT'],
    ['SSL_CK_RC4_128_EXPORT40_WITH_MD5', 'EXPORT'],
    ['EXP-RC4-MD5', 'EXPORT'],
    ['EXP1024-DES-CBC-SHA', 'EXPORT'],
    ['TLS_RSA_WITH_NULL_SHA256', 'NULL'],
    ['NULL-MD5', 'NULL'],
    ['ECDHE-RSA-NULL-SHA', 'NULL'],
    ['TLS_ECDH_anon_WITH_NULL_SHA', 'NULL'],
    ['TLS_DH_anon_WITH_AES_256_GCM_SHA384', 'anonymous'],
    ['ADH-AES128-SHA', 'anonymous'],
    ['AECDH-AES256-SHA', 'anonymous'],
  ])('%s is weak: %s', (name, reason) => {
    expect(weakCipherReason(name)).toBe(reason);
  });

  it.each([
    'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
    'TLS_AES_128_GCM_SHA256',
    'ECDHE-RSA-CHACHA20-POLY1305',
    'DHE-RSA-AES256-SHA',
    'TLS_RSA_WITH_CAMELLIA_128_CBC_SHA',
    'ECDHE-ECDSA-AES128-CCM8',
    'TLS_ECDH_RSA_WITH_AES_128_CBC_SHA',
    '',
  ])('%s is not weak by name', (name) => {
    expect(weakCipherReason(name)).toBeNull();
  });
});

describe('weakKeyReason', () => {
  it('flags RSA/DSA below 2048 bits and elliptic curves below 224 bits', () => {
    expect(weakKeyReason('RSA', 1024)).toBe('RSA 1024 bits');
    expect(weakKeyReason('rsaEncryption', 2048)).toBeNull();
    expect(weakKeyReason('DSA', 1024)).toBe('DSA 1024 bits');
    expect(weakKeyReason('EllipticCurve', 192)).toBe('EllipticCurve 192 bits');
    expect(weakKeyReason('ECDSA', 256)).toBeNull();
    expect(weakKeyReason('RSA', null)).toBeNull();
    expect(weakKeyReason('GOST', 512)).toBeNull();
  });
});

describe('normaliseTlsProtocol', () => {
  it.each([
    ['SSLv2', 'SSLv2'],
    ['SSL_2_0', 'SSLv2'],
    ['ssl2', 'SSLv2'],
    ['SSLv3', 'SSLv3'],
    ['SSL_3_0', 'SSLv3'],
    ['ssl3', 'SSLv3'],
    ['SSL 3.0', 'SSLv3'],
    ['TLS 1.0', 'TLSv1.0'],
    ['tls1', 'TLSv1.0'],
    ['TLSv1', 'TLSv1.0'],
    ['TLS1', 'TLSv1.0'],
    ['TLS_1_0', 'TLSv1.0'],
    ['tls1.0', 'TLSv1.0'],
    ['TLS 1', 'TLSv1.0'],
    ['TLS1_1', 'TLSv1.1'],
    ['tlsv1_1', 'TLSv1.1'],
    ['TLSv1.2', 'TLSv1.2'],
    ['TLS_1_2', 'TLSv1.2'],
    ['tls1_3', 'TLSv1.3'],
    ['TLS 1.3', 'TLSv1.3'],
  ])('%s -> %s', (input, expected) => {
    expect(normaliseTlsProtocol(input)).toBe(expected);
  });

  it('refuses what is no protocol version', () => {
    expect(normaliseTlsProtocol('TLS 1.4')).toBeNull();
    expect(normaliseTlsProtocol('DTLS1.2')).toBeNull();
    expect(normaliseTlsProtocol('')).toBeNull();
  });
});

describe('sshProtocolVersions', () => {
  it('reads ssh-audit 3.x strings and 2.x arrays; 1.99 means both', () => {
    expect(sshProtocolVersions('2.0')).toEqual(['2']);
    expect(sshProtocolVersions([2, 0])).toEqual(['2']);
    expect(sshProtocolVersions('1.99')).toEqual(['1', '2']);
    expect(sshProtocolVersions([1, 99])).toEqual(['1', '2']);
    expect(sshProtocolVersions('1.5')).toEqual(['1']);
    expect(sshProtocolVersions(null)).toEqual([]);
    expect(sshProtocolVersions('two')).toEqual([]);
  });
});

describe('testssl wording', () => {
  it('a protocol row is offered, not offered, or not understood', () => {
    expect(testsslOffered('offered')).toBe(true);
    expect(testsslOffered('offered (deprecated)')).toBe(true);
    expect(testsslOffered('offered with final')).toBe(true);
    expect(testsslOffered('offered (NOT ok)')).toBe(true);
    expect(testsslOffered('not offered (OK)')).toBe(false);
    expect(testsslOffered('not offered')).toBe(false);
    expect(testsslOffered('is not offered')).toBe(false);
    expect(testsslOffered('not offered and downgraded to a weaker protocol')).toBe(false);
    expect(testsslOffered("supported but couldn't detect a cipher")).toBe(true);
    expect(testsslOffered('local problem: no SSLv2 support')).toBeNull();
  });

  it('a vulnerability row counts when testssl says vulnerable or grades it MEDIUM or worse', () => {
    expect(testsslVulnerable('OK', 'not vulnerable, no heartbeat extension')).toBe(false);
    expect(testsslVulnerable('CRITICAL', 'VULNERABLE (NOT ok)')).toBe(true);
    expect(
      testsslVulnerable('HIGH', "potentially VULNERABLE, uses gzip HTTP compression  - only supplied '/' tested"),
    ).toBe(true);
    expect(testsslVulnerable('LOW', 'potentially vulnerable, uses TLS CBC ciphers')).toBe(true);
    expect(testsslVulnerable('HIGH', 'RFC2409/Oakley Group 2')).toBe(true);
    expect(
      testsslVulnerable('INFO', "Make sure you don't use this certificate elsewhere with SSLv2 enabled services"),
    ).toBe(false);
    expect(testsslVulnerable('OK', 'supported')).toBe(false);
  });

  it('splits the fqdn/ip field', () => {
    expect(splitTarget('www.defectdojo.org/185.199.110.153')).toEqual({
      host: 'www.defectdojo.org',
      ip: '185.199.110.153',
    });
    expect(splitTarget('www.defectdojo.org/')).toEqual({ host: 'www.defectdojo.org', ip: '' });
    expect(splitTarget('127.0.0.1/127.0.0.1')).toEqual({ host: '127.0.0.1', ip: '127.0.0.1' });
    expect(splitTarget('host.example/2001:db8::1')).toEqual({ host: 'host.example', ip: '2001:db8::1' });
  });
});

describe('splitCsvRecord', () => {
  it('reads quoted fields with doubled quotes, commas and empty fields', () => {
    expect(splitCsvRecord('"a","b,c","say ""hi""","",""')).toEqual(['a', 'b,c', 'say "hi"', '', '']);
    expect(splitCsvRecord('a,,b')).toEqual(['a', '', 'b']);
    expect(splitCsvRecord('"a",')).toEqual(['a', '']);
    expect(splitCsvRecord('"multi\nline","x"')).toEqual(['multi\nline', 'x']);
  });

  it('refuses broken quoting', () => {
    expect(splitCsvRecord('"open')).toBeNull();
    expect(splitCsvRecord('"a"b,"c"')).toBeNull();
    expect(splitCsvRecord('a"b,c')).toBeNull();
  });
});

describe('splitSshTarget', () => {
  it('reads host:port, [v6]:port and bare hosts', () => {
    expect(splitSshTarget('sdf.sdf.fewio:22')).toEqual({ host: 'sdf.sdf.fewio', port: 22 });
    expect(splitSshTarget('1.1.1.1:2222')).toEqual({ host: '1.1.1.1', port: 2222 });
    expect(splitSshTarget('[2001:db8::1]:22')).toEqual({ host: '2001:db8::1', port: 22 });
    expect(splitSshTarget('2001:db8::22')).toEqual({ host: '2001:db8::22', port: null });
    expect(splitSshTarget('127.0.0.1')).toEqual({ host: '127.0.0.1', port: null });
  });
});

describe('isoUtc', () => {
  it('reads naive sslyze times as UTC, zoned times, and epoch seconds', () => {
    expect(isoUtc('2022-01-17T17:23:32.798533')).toBe('2022-01-17T17:23:32.798Z');
    expect(isoUtc('2022-01-17T17:23:32+02:00')).toBe('2022-01-17T15:23:32.000Z');
    expect(isoUtc('1795767310')).toBe('2026-11-27T08:15:10.000Z');
    expect(isoUtc('2019-05-18 20:28')).toBe('2019-05-18T20:28:00.000Z');
    expect(isoUtc('Mar 13 11:59:45 2019 GMT')).toBeNull();
    expect(isoUtc(null)).toBeNull();
  });
});

// The classifier on hand-built observations: which matcher wins, what evidence is kept, and the cases
// that must NOT be flagged (SSH found on 23/tcp, telnet inside TLS, SNMPv3 only, states not in use).
import { describe, expect, it } from 'vitest';
import { blankObservation, type Fact, type Observation } from '../../src-main/core/model/observation';
import { Classifier, normaliseService } from '../../src-main/core/standard/classifier';
import { defaultStandard } from '../../src-main/core/standard/default-standard';

const classifier = new Classifier(defaultStandard());

function obs(port: number, patch: Partial<Observation> = {}, proto: 'tcp' | 'udp' = 'tcp'): Observation {
  return { ...blankObservation(proto, port, 'open'), ...patch };
}
const fact = (key: string, value: string, source = 'script', evidence = `${key}: ${value}`): Fact => ({
  key,
  value,
  source,
  evidence,
});
const ids = (o: Observation) => classifier.classify(o).map((m) => m.ruleId);

describe('classifier', () => {
  it('flags telnet by its service name, with the service as evidence', () => {
    const [m, ...rest] = classifier.classify(obs(23, { service: 'telnet', method: 'probed' }));
    expect(rest).toEqual([]);
    expect(m).toEqual({
      ruleId: 'telnet',
      basis: 'service',
      label: 'service telnet not inside TLS',
      evidence: [
        { field: 'service', value: 'telnet' },
        { field: 'tunnel', value: 'not inside TLS' },
      ],
    });
  });

  it('falls back to the port only when no probe identified the service', () => {
    expect(classifier.classify(obs(23, { service: 'telnet', method: 'table' }))[0]?.basis).toBe('service');
    const byPort = classifier.classify(obs(23, { service: null }));
    expect(byPort.map((m) => [m.ruleId, m.basis])).toEqual([['telnet', 'port']]);
    expect(byPort[0]?.evidence).toEqual([{ field: 'port', value: '23/tcp' }]);
    expect(ids(obs(23, { service: 'ssh', method: 'probed' }))).toEqual([]);
    expect(ids(obs(23, { service: 'unknown', method: 'probed' }))).toEqual(['telnet']);
  });

  it('does not call telnet or HTTP inside TLS cleartext', () => {
    expect(ids(obs(992, { service: 'telnet', tunnel: 'ssl', method: 'probed' }))).toEqual([]);
    expect(ids(obs(443, { service: 'http', tunnel: 'ssl', method: 'probed' }))).toEqual([]);
    expect(ids(obs(8080, { service: 'http-proxy', method: 'probed' }))).toEqual(['http-cleartext']);
  });

  it('only classifies states the standard counts as in use', () => {
    expect(ids(obs(23, { service: 'telnet', state: 'closed' }))).toEqual([]);
    expect(ids(obs(23, { service: 'telnet', state: 'filtered' }))).toEqual([]);
    expect(ids(obs(23, { service: 'telnet', state: 'listening' }))).toEqual(['telnet']);
  });

  it('keeps the script, the value and the output line for fact matches', () => {
    const line = 'TLSv1.0: ciphers: TLS_RSA_WITH_RC4_128_SHA (rsa 2048) - C';
    const o = obs(443, {
      service: 'https',
      tunnel: 'ssl',
      facts: [
        fact('tls.protocol', 'TLSv1.0', 'ssl-enum-ciphers', line),
        fact('tls.protocol', 'TLSv1.2', 'ssl-enum-ciphers', 'TLSv1.2: ...'),
        fact('tls.cipher', 'TLS_RSA_WITH_RC4_128_SHA', 'ssl-enum-ciphers', line),
      ],
    });
    const matches = classifier.classify(o);
    expect(matches.map((m) => m.ruleId)).toEqual(['tls-deprecated-protocols', 'tls-weak-ciphers']);
    expect(matches[0]?.evidence).toEqual([
      { field: 'fact', key: 'tls.protocol', value: 'TLSv1.0', source: 'ssl-enum-ciphers', excerpt: line },
    ]);
    expect(matches[1]?.evidence).toEqual([
      {
        field: 'fact',
        key: 'tls.cipher',
        value: 'TLS_RSA_WITH_RC4_128_SHA',
        source: 'ssl-enum-ciphers',
        excerpt: line,
      },
    ]);
  });

  it('leaves TLS 1.2+ with AEAD suites and SSH with modern algorithms alone', () => {
    const tls = obs(443, {
      service: 'https',
      tunnel: 'ssl',
      facts: [
        fact('tls.protocol', 'TLSv1.2'),
        fact('tls.protocol', 'TLSv1.3'),
        fact('tls.cipher', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'),
        fact('tls.cipher', 'TLS_CHACHA20_POLY1305_SHA256'),
      ],
    });
    expect(ids(tls)).toEqual([]);
    const ssh = obs(22, {
      service: 'ssh',
      method: 'probed',
      facts: [
        fact('ssh.protocol', '2'),
        fact('ssh.kex', 'curve25519-sha256'),
        fact('ssh.kex', 'diffie-hellman-group14-sha256'),
        fact('ssh.cipher', 'aes256-gcm@openssh.com'),
        fact('ssh.mac', 'umac-64-etm@openssh.com'),
        fact('ssh.mac', 'hmac-sha2-256-etm@openssh.com'),
        fact('ssh.hostkey', 'ssh-ed25519'),
      ],
    });
    expect(ids(ssh)).toEqual([]);
  });

  it('flags SSH protocol 1 and each weak SSH algorithm class', () => {
    expect(ids(obs(22, { service: 'ssh', facts: [fact('ssh.protocol', '1'), fact('ssh.protocol', '2')] }))).toEqual([
      'ssh-v1',
    ]);
    for (const [key, value] of [
      ['ssh.kex', 'diffie-hellman-group1-sha1'],
      ['ssh.cipher', 'arcfour256'],
      ['ssh.cipher', 'aes128-cbc'],
      ['ssh.mac', 'hmac-md5-96'],
      ['ssh.hostkey', 'ssh-dss'],
    ] as const) {
      const [m] = classifier.classify(obs(22, { service: 'ssh', facts: [fact(key, value)] }));
      expect(m?.ruleId, value).toBe('ssh-weak-algorithms');
      expect(m?.evidence[0]).toMatchObject({ key, value });
    }
  });

  it('flags SNMP v1/v2c by version or community, but not an SNMPv3-only agent', () => {
    const v1 = classifier.classify(obs(161, { service: 'snmp', facts: [fact('snmp.version', '1')] }, 'udp'));
    expect(v1.map((m) => [m.ruleId, m.basis, m.label])).toEqual([
      ['snmp-v1-v2c', 'fact', 'SNMP version 1 or 2c answered'],
    ]);
    const community = classifier.classify(
      obs(161, { service: 'snmp', facts: [fact('snmp.community', 'public')] }, 'udp'),
    );
    expect(community[0]?.label).toBe('a community string was accepted');
    expect(ids(obs(161, { service: 'snmp', facts: [fact('snmp.version', '3')] }, 'udp'))).toEqual([]);
    expect(classifier.classify(obs(161, { service: 'snmp' }, 'udp'))[0]?.basis).toBe('service');
  });

  it('flags SMBv1, anonymous FTP and unauthenticated stores from their facts', () => {
    expect(ids(obs(445, { service: 'microsoft-ds', facts: [fact('smb.dialect', 'NT LM 0.12')] }))).toEqual(['smb-v1']);
    expect(ids(obs(445, { service: 'microsoft-ds', facts: [fact('smb.dialect', '3.1.1')] }))).toEqual([]);
    expect(ids(obs(21, { service: 'ftp', facts: [fact('ftp.anonymous', 'true')] }))).toEqual(['ftp', 'ftp-anonymous']);
    expect(ids(obs(7000, { service: 'afs3-fileserver', facts: [fact('auth.none', 'redis')] }))).toEqual([
      'unauthenticated-store',
    ]);
  });

  it('normalises scanner service names', () => {
    expect(normaliseService('Telnet?')).toBe('telnet');
    expect(normaliseService('  ')).toBeNull();
    expect(normaliseService(null)).toBeNull();
  });
});

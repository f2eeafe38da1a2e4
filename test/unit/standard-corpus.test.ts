// Classification of real scans from ../shared/corpus against the shipped standard: the insecure services
// the acceptance names are flagged with the evidence that shows them, and strong SSH / TLS 1.2-only
// endpoints are not. Hosts and evidence below were checked by hand against the files.
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src-main/core/import/run-import';
import { HOST_FORMATS } from '../../src-main/api/host-formats';
import { ensureDerived } from '../../src-main/core/inventory/derived';
import { itemDetail, listItems, type ItemDetail } from '../../src-main/core/standard/items';
import { currentStandard } from '../../src-main/core/standard/standard-store';
import type { EngagementStore } from '../../src-main/core/store/engagement-store';
import { fixedContext, newEngagement, tempDir } from './helpers';
import { corpus, corpusAvailable } from './import-helpers';

const FILES = [
  'scans/python-libnmap--dionaea_scan.xml',
  'scans/nmap--nmap_example.xml',
  'scans/nmap--xml_test6.xml',
  'scans/nmap-ndiff-random-2.xml',
  'scans/qualys-sample-report.xml',
  'tls/ssh-audit-many-vulns2.json',
  'tls/testssl-many-vuln.csv',
  'tls/sslyze-two-targets.json',
];

async function classified(): Promise<{ store: EngagementStore; detail: (key: string) => ItemDetail }> {
  const ctx = fixedContext();
  const store = newEngagement(tempDir());
  for (const f of FILES) await importFile(store, ctx, corpus(f));
  ensureDerived(store, ctx, HOST_FORMATS);
  const cur = currentStandard(store.db)!;
  return {
    store,
    detail: (key) => {
      const d = itemDetail(store.db, cur.document, cur.version, key);
      if (!d) throw new Error(`no item ${key}`);
      return d;
    },
  };
}

const hostsOf = (d: ItemDetail) => [...new Set(d.hosts.map((h) => h.host))].sort();
const factValues = (d: ItemDetail, host: string) =>
  d.hosts.filter((h) => h.host === host).flatMap((h) => h.evidence.map((e) => `${e.key ?? e.field}=${e.value}`));

describe.skipIf(!corpusAvailable)('classification of real scans in the corpus', () => {
  it('flags telnet by service on the ten hosts that run it', async () => {
    const { store, detail } = await classified();
    const telnet = detail('telnet|23/tcp');
    expect(hostsOf(telnet)).toEqual([
      '10.188.46.230',
      '10.2.53.130',
      '10.237.241.129',
      '10.252.121.17',
      '10.4.89.234',
      '10.47.94.15',
      '10.89.230.125',
      '10.99.120.91',
      '10.99.53.97',
      '172.28.1.3',
    ]);
    expect(telnet.hosts.every((h) => h.basis === 'service' && h.service === 'telnet')).toBe(true);
    store.close();
  });

  it('flags FTP and anonymous FTP with the ftp-anon / plugin line', async () => {
    const { store, detail } = await classified();
    const anon = detail('ftp-anonymous|21/tcp');
    expect(anon.hosts.map((h) => [h.host, h.evidence[0]?.source, h.evidence[0]?.excerpt])).toEqual([
      ['172.28.1.3', 'ftp-anon', 'Anonymous FTP login allowed (FTP code 230)'],
      ['204.152.191.37', 'Anonymous FTP', 'FTP: Anonymous login allowed'],
    ]);
    expect(hostsOf(detail('ftp|21/tcp'))).toHaveLength(11);
    store.close();
  });

  it('flags SMBv1 from smb-protocols and unauthenticated data stores on the dionaea honeypot', async () => {
    const { store, detail } = await classified();
    const smb = detail('smb-v1|445/tcp');
    expect(smb.hosts.map((h) => [h.host, h.evidence[0]?.source, h.evidence[0]?.value])).toEqual([
      ['172.28.1.3', 'smb-protocols', 'NT LM 0.12'],
    ]);
    expect(detail('unauthenticated-store|27017/tcp').hosts.map((h) => [h.host, h.service, h.product])).toEqual([
      ['172.28.1.3', 'mongodb', 'MongoDB'],
    ]);
    expect(detail('unauthenticated-store|11211/tcp').hosts.map((h) => h.service)).toEqual(['memcached']);
    store.close();
  });

  it('flags SNMP and cleartext HTTP reported by Qualys', async () => {
    const { store, detail } = await classified();
    expect(detail('snmp-v1-v2c|161/udp').hosts.map((h) => [h.host, h.basis])).toEqual([['64.41.200.243', 'service']]);
    const http = detail('http-cleartext|80/tcp');
    expect(http.hosts.filter((h) => h.source.fileName === 'qualys-sample-report.xml').map((h) => h.host)).toEqual([
      '64.41.200.246',
      '64.41.200.250',
    ]);
    store.close();
  });

  it('flags SSLv2, SSLv3, TLS 1.0 and 1.1 offered, each with the tool line that shows it', async () => {
    const { store, detail } = await classified();
    const tls = detail('tls-deprecated-protocols|443/tcp');
    expect(hostsOf(tls)).toEqual([
      '104.21.26.66',
      '204.152.190.12',
      '64.41.200.250',
      '66.35.250.203',
      '72.14.207.99',
      '72.14.253.83',
    ]);
    // Qualys reports the protocols under several QIDs; each report line is kept as evidence.
    expect(
      tls.hosts
        .filter((h) => h.host === '64.41.200.250')
        .flatMap((h) => h.evidence.map((e) => `${e.value} ${e.source}`)),
    ).toEqual([
      'SSLv3 qualys:38116',
      'TLSv1.0 qualys:38116',
      'TLSv1.1 qualys:38116',
      'SSLv3 qualys:38606',
      'TLSv1.0 qualys:38628',
    ]);
    expect(tls.hosts.find((h) => h.host === '64.41.200.250')?.evidence[0]?.excerpt).toBe('SSLv3 PROTOCOL IS ENABLED');
    expect(factValues(tls, '204.152.190.12')).toEqual(['tls.protocol=SSLv2']);
    expect(factValues(tls, '104.21.26.66')).toEqual(['tls.protocol=TLSv1.0', 'tls.protocol=TLSv1.1']);
    store.close();
  });

  it('flags SSH protocol 1 and SHA-1 key exchange, naming the algorithms', async () => {
    const { store, detail } = await classified();
    const v1 = detail('ssh-v1|22/tcp');
    expect(v1.hosts.map((h) => [h.host, h.evidence[0]?.excerpt])).toEqual([
      ['10.0.0.100', 'service ssh: "protocol 1.99"'],
      ['10.0.0.140', 'service ssh: "protocol 1.99"'],
      ['10.89.230.125', 'service ssh: "protocol 1.99"'],
      ['10.157.26.46', 'service ssh: "protocol 1.5"'],
    ]);
    const weak = detail('ssh-weak-algorithms|22/tcp');
    expect(hostsOf(weak)).toEqual(['64.41.200.243', '64.41.200.244', '64.41.200.245', '64.41.200.250']);
    const h245 = weak.hosts.find((h) => h.host === '64.41.200.245');
    expect(h245?.label).toBe('weak key exchange; weak cipher; weak MAC');
    expect(factValues(weak, '64.41.200.245')).toEqual([
      'ssh.kex=diffie-hellman-group-exchange-sha1',
      'ssh.kex=diffie-hellman-group1-sha1',
      'ssh.cipher=arcfour256',
      'ssh.cipher=arcfour128',
      'ssh.cipher=aes128-cbc',
      'ssh.cipher=3des-cbc',
      'ssh.cipher=blowfish-cbc',
      'ssh.mac=hmac-md5-etm@openssh.com',
      'ssh.mac=hmac-sha1-96-etm@openssh.com',
      'ssh.mac=hmac-md5-96-etm@openssh.com',
      'ssh.mac=hmac-md5',
      'ssh.mac=hmac-sha1-96',
    ]);
    // 64.41.200.244 offers a DSA host key too.
    expect(factValues(weak, '64.41.200.244')).toContain('ssh.hostkey=ssh-dss');
    store.close();
  });

  it('does not flag OpenSSH 8.9 with modern algorithms or endpoints that offer TLS 1.2 only', async () => {
    const { store } = await classified();
    const cur = currentStandard(store.db)!;
    const list = listItems(store.db, cur.document, cur.version);
    const flaggedHosts = new Set<string>();
    for (const i of list.items) {
      for (const h of itemDetail(store.db, cur.document, cur.version, i.key)!.hosts) flaggedHosts.add(h.host);
    }
    // ssh-audit-many-vulns2.json: SSH-2.0-OpenSSH_8.9p1 on 1.1.1.1, curve25519/sntrup kex, umac/hmac-sha2 MACs.
    expect(flaggedHosts.has('1.1.1.1')).toBe(false);
    // testssl-many-vuln.csv: GitHub Pages endpoints offering TLS 1.2 (and 1.3) only.
    for (const ip of ['185.199.108.153', '185.199.109.153', '185.199.110.153', '185.199.111.153']) {
      expect(flaggedHosts.has(ip), ip).toBe(false);
    }
    // sslyze-two-targets.json: 82.135.216.30 accepts TLS 1.2 only, so no protocol item; but it still offers
    // TLS_RSA_WITH_3DES_EDE_CBC_SHA, which is a weak-cipher item.
    const onHost = (ip: string) =>
      list.items.filter((i) =>
        itemDetail(store.db, cur.document, cur.version, i.key)!.hosts.some((h) => h.host === ip),
      );
    expect(onHost('82.135.216.30').map((i) => i.key)).toEqual(['tls-weak-ciphers|443/tcp']);
    store.close();
  });
});

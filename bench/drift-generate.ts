// A pair of large nmap XML scans of the same network a week apart, for the drift benchmark: hosts with a
// few services each (with service detection, ssh-hostkey and ssl-enum-ciphers output), and in the second
// scan a few per cent of hosts gone or new, ports closed or opened, versions changed and TLS 1.0
// withdrawn. Deterministic (a seeded PRNG); also writes both scans without script output (for ndiff,
// which fails on ports with several scripts) and returns the changes it made, by kind.
import { prng } from '../test/prng';
import { writer } from './generate';

interface Service {
  port: number;
  proto: 'tcp' | 'udp';
  name: string;
  product: string;
  version: string;
  tunnel?: string;
  script?: 'ssh' | 'tls';
}

const SERVICES: Service[] = [
  { port: 22, proto: 'tcp', name: 'ssh', product: 'OpenSSH', version: '8.9p1', script: 'ssh' },
  { port: 80, proto: 'tcp', name: 'http', product: 'nginx', version: '1.18.0' },
  { port: 443, proto: 'tcp', name: 'http', product: 'nginx', version: '1.18.0', tunnel: 'ssl', script: 'tls' },
  { port: 23, proto: 'tcp', name: 'telnet', product: 'Linux telnetd', version: '' },
  { port: 21, proto: 'tcp', name: 'ftp', product: 'vsftpd', version: '3.0.3' },
  { port: 25, proto: 'tcp', name: 'smtp', product: 'Postfix smtpd', version: '' },
  { port: 3306, proto: 'tcp', name: 'mysql', product: 'MySQL', version: '5.7.42' },
  { port: 3389, proto: 'tcp', name: 'ms-wbt-server', product: 'Microsoft Terminal Services', version: '' },
  { port: 445, proto: 'tcp', name: 'microsoft-ds', product: 'Samba smbd', version: '4.6.2' },
  { port: 161, proto: 'udp', name: 'snmp', product: 'net-snmp', version: '5.9' },
  { port: 6379, proto: 'tcp', name: 'redis', product: 'Redis key-value store', version: '6.0.16' },
  { port: 53, proto: 'tcp', name: 'domain', product: 'ISC BIND', version: '9.18.1' },
];
const OPENED: Service = { port: 8080, proto: 'tcp', name: 'http-proxy', product: 'Squid http proxy', version: '5.7' };

const SSH_SCRIPT =
  '<script id="ssh-hostkey" output="&#xa;  256 aa:bb:cc:dd (ECDSA)&#xa;  256 ee:ff:00:11 (ED25519)"><table><elem key="type">ecdsa-sha2-nistp256</elem><elem key="bits">256</elem></table></script>';
const tlsScript = (legacy: boolean) => {
  const v10 = legacy
    ? '<table key="TLSv1.0"><table key="ciphers"><table><elem key="kex_info">rsa 2048</elem><elem key="strength">C</elem><elem key="name">TLS_RSA_WITH_3DES_EDE_CBC_SHA</elem></table></table><elem key="cipher preference">server</elem></table>'
    : '';
  const text = legacy
    ? '&#xa;  TLSv1.0: &#xa;    ciphers: &#xa;      TLS_RSA_WITH_3DES_EDE_CBC_SHA (rsa 2048) - C&#xa;  TLSv1.2: &#xa;    ciphers: &#xa;      TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (secp256r1) - A&#xa;  least strength: C'
    : '&#xa;  TLSv1.2: &#xa;    ciphers: &#xa;      TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (secp256r1) - A&#xa;  least strength: A';
  return `<script id="ssl-enum-ciphers" output="${text}">${v10}<table key="TLSv1.2"><table key="ciphers"><table><elem key="kex_info">secp256r1</elem><elem key="strength">A</elem><elem key="name">TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256</elem></table></table><elem key="cipher preference">server</elem></table><elem key="least strength">${legacy ? 'C' : 'A'}</elem></script>`;
};

function shuffled<T>(items: readonly T[], rnd: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export interface DriftPair {
  files: { a: string; b: string; aPlain: string; bPlain: string };
  bytes: number;
  hosts: number;
  observations: number;
  /** What the second scan changed, counted as drift rows of each kind. */
  expected: Record<'opened' | 'new-host' | 'closed' | 'host-gone' | 'service-changed' | 'scripts-changed', number>;
}

interface PortOut {
  svc: Service;
  state: string;
  version: string;
  legacyTls: boolean;
}

function ip(i: number): string {
  return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
}

function portXml(p: PortOut, scripts: boolean): string {
  const s = p.svc;
  const attrs = [`name="${s.name}"`, `product="${s.product}"`];
  if (p.version) attrs.push(`version="${p.version}"`);
  if (s.tunnel) attrs.push(`tunnel="${s.tunnel}"`);
  const script =
    !scripts || p.state !== 'open'
      ? ''
      : s.script === 'ssh'
        ? SSH_SCRIPT
        : s.script === 'tls'
          ? tlsScript(p.legacyTls)
          : '';
  return `<port protocol="${s.proto}" portid="${s.port}"><state state="${p.state}" reason="${p.state === 'open' ? 'syn-ack' : 'reset'}" reason_ttl="63"/><service ${attrs.join(' ')} method="probed" conf="10"/>${script}</port>\n`;
}

function hostXml(h: number, time: number, ports: PortOut[], scripts: boolean): string {
  return `<host starttime="${time}" endtime="${time + 30}"><status state="up" reason="echo-reply" reason_ttl="63"/>\n<address addr="${ip(h + 1)}" addrtype="ipv4"/>\n<hostnames><hostname name="h${h + 1}.cde.example" type="PTR"/></hostnames>\n<ports><extraports state="closed" count="${1000 - ports.length}"/>\n${ports.map((p) => portXml(p, scripts)).join('')}</ports>\n</host>\n`;
}

const head = (start: number) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE nmaprun>\n<nmaprun scanner="nmap" args="nmap -sV -sC 10.0.0.0/15" start="${start}" startstr="bench" version="7.93" xmloutputversion="1.05">\n<scaninfo type="syn" protocol="tcp" numservices="1000" services="1-1000"/>\n`;
const tail = (end: number, hosts: number) =>
  `<runstats><finished time="${end}" timestr="bench" elapsed="100" summary="Nmap done" exit="success"/><hosts up="${hosts}" down="0" total="${hosts}"/></runstats>\n</nmaprun>\n`;

/** Writes the pair into `dir` (scan a, scan b a week later, and both without scripts). */
export async function generateDriftPair(dir: string, hosts: number, seed = 1_2_6): Promise<DriftPair> {
  const files = {
    a: `${dir}/drift-a.xml`,
    b: `${dir}/drift-b.xml`,
    aPlain: `${dir}/drift-a-plain.xml`,
    bPlain: `${dir}/drift-b-plain.xml`,
  };
  const out = {
    a: await writer(files.a),
    b: await writer(files.b),
    aPlain: await writer(files.aPlain),
    bPlain: await writer(files.bPlain),
  };
  const startA = 1_760_000_000;
  const startB = startA + 7 * 86_400;
  const rnd = prng(seed);
  const expected: DriftPair['expected'] = {
    opened: 0,
    'new-host': 0,
    closed: 0,
    'host-gone': 0,
    'service-changed': 0,
    'scripts-changed': 0,
  };
  let observations = 0;
  await out.a.write(head(startA));
  await out.aPlain.write(head(startA));
  await out.b.write(head(startB));
  await out.bPlain.write(head(startB));
  const extra = Math.round(hosts * 0.01);
  let hostsA = 0;
  let hostsB = 0;
  for (let h = 0; h < hosts + extra; h++) {
    const count = 3 + Math.floor(rnd() * 5);
    const picked = shuffled(SERVICES, rnd)
      .slice(0, count)
      .sort((x, y) => x.port - y.port);
    const base: PortOut[] = picked.map((svc) => ({ svc, state: 'open', version: svc.version, legacyTls: true }));
    const isNew = h >= hosts;
    const gone = !isNew && rnd() < 0.01;
    if (!isNew) {
      hostsA++;
      observations += base.length;
      const xa = hostXml(h, startA + h, base, true);
      await out.a.write(xa);
      await out.aPlain.write(hostXml(h, startA + h, base, false));
    }
    if (gone) {
      expected['host-gone'] += base.length;
      continue;
    }
    hostsB++;
    let next: PortOut[] = base;
    if (isNew) {
      expected['new-host'] += base.length;
    } else {
      next = [];
      for (const p of base) {
        const r = rnd();
        if (r < 0.02) {
          expected.closed++;
          if (r < 0.01) next.push({ ...p, state: 'closed' });
          continue;
        }
        const changed = { ...p };
        if (rnd() < 0.01 && p.version) {
          changed.version = `${p.version}-1`;
          expected['service-changed']++;
        }
        if (p.svc.script === 'tls' && rnd() < 0.05) {
          changed.legacyTls = false;
          expected['scripts-changed']++;
        }
        next.push(changed);
      }
      if (rnd() < 0.02) {
        next.push({ svc: OPENED, state: 'open', version: OPENED.version, legacyTls: false });
        expected.opened++;
      }
    }
    observations += next.length;
    await out.b.write(hostXml(h, startB + h, next, true));
    await out.bPlain.write(hostXml(h, startB + h, next, false));
  }
  await out.a.write(tail(startA + 100, hostsA));
  await out.aPlain.write(tail(startA + 100, hostsA));
  await out.b.write(tail(startB + 100, hostsB));
  await out.bPlain.write(tail(startB + 100, hostsB));
  const bytes = (await out.a.close()) + (await out.b.close());
  await out.aPlain.close();
  await out.bPlain.close();
  return { files, bytes, hosts: hosts + extra, observations, expected };
}

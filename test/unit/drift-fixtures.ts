// Generated nmap XML scans for the drift tests: hosts and ports described as plain data and written in
// nmap 7's -oX layout (with NSE output, structured tables included), so each test knows exactly what
// changed between two scans of the same network.
export interface PortSpec {
  proto?: 'tcp' | 'udp';
  port: number;
  state?: string;
  service?: string;
  product?: string;
  version?: string;
  tunnel?: string;
  /** Raw <script> elements (see the helpers below). */
  scripts?: string[];
}

export interface HostSpec {
  ip?: string;
  names?: string[];
  status?: 'up' | 'down';
  ports: PortSpec[];
  /** Raw <script> elements of the host (<hostscript>). */
  hostScripts?: string[];
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/\n/g, '&#xa;');

function portXml(p: PortSpec): string {
  const attrs = [`name="${esc(p.service ?? 'unknown')}"`];
  if (p.product) attrs.push(`product="${esc(p.product)}"`);
  if (p.version) attrs.push(`version="${esc(p.version)}"`);
  if (p.tunnel) attrs.push(`tunnel="${esc(p.tunnel)}"`);
  attrs.push(p.product ? 'method="probed" conf="10"' : 'method="table" conf="3"');
  const state = p.state ?? 'open';
  return `<port protocol="${p.proto ?? 'tcp'}" portid="${p.port}"><state state="${state}" reason="${state === 'open' ? 'syn-ack' : 'reset'}" reason_ttl="63"/><service ${attrs.join(' ')}/>${(p.scripts ?? []).join('')}</port>`;
}

function hostXml(h: HostSpec, time: number): string {
  const address = h.ip ? `<address addr="${h.ip}" addrtype="${h.ip.includes(':') ? 'ipv6' : 'ipv4'}"/>` : '';
  const names = (h.names ?? []).map((n) => `<hostname name="${esc(n)}" type="user"/>`).join('');
  const hostScripts = h.hostScripts?.length ? `<hostscript>${h.hostScripts.join('')}</hostscript>` : '';
  return `<host starttime="${time}" endtime="${time + 10}"><status state="${h.status ?? 'up'}" reason="echo-reply" reason_ttl="63"/>${address}<hostnames>${names}</hostnames><ports><extraports state="closed" count="${1000 - h.ports.length}"/>${h.ports.map(portXml).join('\n')}</ports>${hostScripts}</host>`;
}

/** An nmap -sV -sC XML report of `hosts`, started at `start` (epoch seconds). */
export function nmapXml(hosts: HostSpec[], start: number): string {
  const up = hosts.filter((h) => (h.status ?? 'up') === 'up').length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE nmaprun>',
    `<nmaprun scanner="nmap" args="nmap -sV -sC -oX - 192.0.2.0/24" start="${start}" startstr="test" version="7.94" xmloutputversion="1.05">`,
    '<scaninfo type="syn" protocol="tcp" numservices="1000" services="1-1000"/>',
    ...hosts.map((h, i) => hostXml(h, start + i)),
    `<runstats><finished time="${start + 100}" timestr="test" elapsed="100" summary="done" exit="success"/><hosts up="${up}" down="${hosts.length - up}" total="${hosts.length}"/></runstats>`,
    '</nmaprun>',
    '',
  ].join('\n');
}

const CIPHERS: Record<string, [string, string]> = {
  'TLSv1.0': ['TLS_RSA_WITH_3DES_EDE_CBC_SHA', 'C'],
  'TLSv1.1': ['TLS_RSA_WITH_AES_128_CBC_SHA', 'A'],
  'TLSv1.2': ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'A'],
  'TLSv1.3': ['TLS_AKE_WITH_AES_256_GCM_SHA384', 'A'],
};

/** ssl-enum-ciphers offering `versions`, one suite each, with text and structured output. */
export function sslEnumCiphers(versions: string[]): string {
  const text = versions
    .map((v) => `  ${v}: \n    ciphers: \n      ${CIPHERS[v]![0]} (rsa 2048) - ${CIPHERS[v]![1]}`)
    .join('\n');
  const tables = versions
    .map(
      (v) =>
        `<table key="${v}"><table key="ciphers"><table><elem key="kex_info">rsa 2048</elem><elem key="strength">${CIPHERS[v]![1]}</elem><elem key="name">${CIPHERS[v]![0]}</elem></table></table><elem key="cipher preference">server</elem></table>`,
    )
    .join('');
  return `<script id="ssl-enum-ciphers" output="${esc(`\n${text}\n  least strength: A`)}">${tables}</script>`;
}

/** A script with plain output only. */
export function script(id: string, output: string): string {
  return `<script id="${id}" output="${esc(output)}"/>`;
}

/** smb-protocols (a host script nmap attaches to 445/139) listing `dialects`. */
export function smbProtocols(dialects: string[]): string {
  const text = `\n  dialects: \n${dialects.map((d) => `    ${d}`).join('\n')}`;
  return `<script id="smb-protocols" output="${esc(text)}"><table key="dialects">${dialects.map((d) => `<elem>${esc(d)}</elem>`).join('')}</table></script>`;
}

const WEEK = 7 * 86_400;
/** 2025-10-20 08:00 UTC and a week later. */
export const START_A = 1_760_947_200;
export const START_B = START_A + WEEK;

/**
 * The same network scanned a week apart, with one example of every kind of drift (see drift.test.ts for
 * the rows each change must give).
 */
export function weekOne(): HostSpec[] {
  return [
    {
      ip: '192.0.2.10',
      names: ['pos-01.cde.example'],
      ports: [
        {
          port: 22,
          service: 'ssh',
          product: 'OpenSSH',
          version: '8.9p1',
          scripts: [script('ssh-hostkey', '256 aa:bb (ED25519)')],
        },
        { port: 80, service: 'http', product: 'nginx', version: '1.18.0' },
        {
          port: 443,
          service: 'http',
          product: 'nginx',
          version: '1.18.0',
          tunnel: 'ssl',
          scripts: [
            sslEnumCiphers(['TLSv1.0', 'TLSv1.2']),
            script('ssl-date', '2025-10-20T08:00:05+00:00; 0s from scanner time.'),
          ],
        },
      ],
    },
    {
      ip: '192.0.2.11',
      ports: [
        { port: 21, service: 'ftp', product: 'vsftpd', version: '3.0.3' },
        { port: 3306, service: 'mysql', product: 'MySQL', version: '5.7.42' },
      ],
    },
    { ip: '192.0.2.12', names: ['mail.cde.example'], ports: [{ port: 25, service: 'smtp', product: 'Postfix smtpd' }] },
    { ip: '192.0.2.13', ports: [{ port: 8080, state: 'filtered', service: 'http-proxy' }] },
    { ip: '192.0.2.14', ports: [{ port: 3389, state: 'filtered', service: 'ms-wbt-server' }] },
    { ip: '192.0.2.15', ports: [{ port: 8443, service: 'https-alt', product: 'Apache httpd', tunnel: 'ssl' }] },
    { ip: '192.0.2.16', status: 'down', ports: [] },
    {
      ip: '192.0.2.17',
      ports: [{ port: 445, service: 'microsoft-ds', product: 'Samba smbd' }],
      hostScripts: [smbProtocols(['NT LM 0.12 (SMBv1) [dangerous, but default]', '2:0:2'])],
    },
  ];
}

export function weekTwo(): HostSpec[] {
  return [
    {
      ip: '192.0.2.10',
      names: ['pos-01.cde.example'],
      ports: [
        {
          port: 22,
          service: 'ssh',
          product: 'OpenSSH',
          version: '8.9p1',
          scripts: [script('ssh-hostkey', '256 aa:bb (ED25519)')],
        },
        { port: 23, service: 'telnet', product: 'Linux telnetd' },
        { port: 80, state: 'closed', service: 'http' },
        {
          port: 443,
          service: 'http',
          product: 'nginx',
          version: '1.18.0',
          tunnel: 'ssl',
          scripts: [
            sslEnumCiphers(['TLSv1.2', 'TLSv1.3']),
            script('ssl-date', '2025-10-27T08:00:07+00:00; +1s from scanner time.'),
          ],
        },
      ],
    },
    {
      ip: '192.0.2.11',
      ports: [
        {
          port: 21,
          service: 'ftp',
          product: 'vsftpd',
          version: '3.0.5',
          scripts: [script('ftp-anon', 'Anonymous FTP login allowed (FTP code 230)')],
        },
      ],
    },
    { ip: '192.0.2.14', ports: [{ port: 3389, service: 'ms-wbt-server', product: 'xrdp' }] },
    { ip: '192.0.2.15', ports: [{ port: 8443, service: 'http', product: 'Apache httpd' }] },
    { ip: '192.0.2.16', ports: [{ port: 22, service: 'ssh', product: 'OpenSSH', version: '9.6p1' }] },
    {
      ip: '192.0.2.17',
      ports: [{ port: 445, service: 'microsoft-ds', product: 'Samba smbd' }],
      hostScripts: [smbProtocols(['2:0:2', '3:1:1'])],
    },
    { ip: '192.0.2.20', ports: [{ proto: 'udp', port: 161, service: 'snmp', product: 'net-snmp' }] },
    { ip: '192.0.2.21', ports: [{ port: 135, state: 'filtered', service: 'msrpc' }] },
  ];
}

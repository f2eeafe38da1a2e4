// Writes nmap XML (-oX) in the layout nmap 7.94 gives: the doctype and stylesheet, the command line in a
// comment, TCP and UDP scaninfo, one line per host element, NSE results with both their text output and
// the structured <table>/<elem> output, <times> per host and the closing runstats.
export interface PortSpec {
  proto?: 'tcp' | 'udp';
  port: number;
  service: string;
  product?: string;
  version?: string;
  extraInfo?: string;
  tunnel?: 'ssl';
  cpes?: string[];
  /** <script> elements, built by the helpers below. */
  scripts: string[];
}

export interface ScanHost {
  ip: string;
  name: string;
  /** TTL of the answers as seen by the scanner (routed hosts lose one hop per router). */
  ttl: number;
  /** How nmap knew the host was up: "echo-reply", or "localhost-response" for the scanner itself. */
  upReason?: string;
  srtt: number;
  ports: PortSpec[];
}

export interface ScanRun {
  /** Epoch seconds the scan started. */
  start: number;
  /** Seconds the scan took. */
  elapsed: number;
  /** Addresses scanned in all (for runstats: hosts down = total - up). */
  total: number;
  args: string;
  tcpPorts: string;
  udpPorts: string;
  domain: string;
  hosts: ScanHost[];
}

export function esc(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#xa;');
}

/** nmap writes "--" inside its comment as "-&#45;" so the comment stays well-formed. */
const commentSafe = (s: string) => s.replace(/--/g, '-&#45;');

/** ctime()-style time as nmap prints it: "Mon Oct  5 09:30:12 2026" (UTC here). */
export function ctime(epoch: number): string {
  const d = new Date(epoch * 1000);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, ' ');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

function countPorts(spec: string): number {
  return spec.split(',').reduce((n, part) => {
    const [a, b] = part.split('-').map(Number) as [number, number | undefined];
    return n + (b === undefined ? 1 : b - a + 1);
  }, 0);
}

function serviceXml(p: PortSpec): string {
  const attrs = [`name="${esc(p.service)}"`];
  if (p.product) attrs.push(`product="${esc(p.product)}"`);
  if (p.version) attrs.push(`version="${esc(p.version)}"`);
  if (p.extraInfo) attrs.push(`extrainfo="${esc(p.extraInfo)}"`);
  if (p.tunnel) attrs.push(`tunnel="${p.tunnel}"`);
  attrs.push(p.product ? 'method="probed" conf="10"' : 'method="table" conf="3"');
  const cpes = (p.cpes ?? []).map((c) => `<cpe>${esc(c)}</cpe>`).join('');
  return cpes ? `<service ${attrs.join(' ')}>${cpes}</service>` : `<service ${attrs.join(' ')}/>`;
}

function portXml(p: PortSpec, ttl: number): string {
  const proto = p.proto ?? 'tcp';
  const reason = proto === 'udp' ? 'udp-response' : 'syn-ack';
  return `<port protocol="${proto}" portid="${p.port}"><state state="open" reason="${reason}" reason_ttl="${ttl}"/>${serviceXml(p)}${p.scripts.join('')}</port>`;
}

function hostXml(h: ScanHost, run: ScanRun, index: number): string[] {
  const start = run.start + 40 + index * 7;
  const end = run.start + Math.floor(run.elapsed) - 30 + index;
  const tcpOpen = h.ports.filter((p) => (p.proto ?? 'tcp') === 'tcp').length;
  const udpOpen = h.ports.length - tcpOpen;
  const tcpClosed = countPorts(run.tcpPorts) - tcpOpen;
  const udpClosed = countPorts(run.udpPorts) - udpOpen;
  const extra: string[] = [];
  if (tcpClosed > 0 || udpClosed > 0) {
    extra.push(`<ports><extraports state="closed" count="${tcpClosed + udpClosed}">`);
    if (tcpClosed > 0)
      extra.push(`<extrareasons reason="reset" count="${tcpClosed}" proto="tcp" ports="${run.tcpPorts}"/>`);
    if (udpClosed > 0) {
      extra.push(`<extrareasons reason="port-unreach" count="${udpClosed}" proto="udp" ports="${run.udpPorts}"/>`);
    }
    extra.push('</extraports>');
  } else {
    extra.push('<ports>');
  }
  const ttl = h.ttl;
  return [
    `<host starttime="${start}" endtime="${end}"><status state="up" reason="${h.upReason ?? 'echo-reply'}" reason_ttl="${ttl}"/>`,
    `<address addr="${h.ip}" addrtype="ipv4"/>`,
    '<hostnames>',
    `<hostname name="${h.name}.${run.domain}" type="PTR"/>`,
    '</hostnames>',
    ...extra,
    ...h.ports.map((p) => portXml(p, ttl)),
    '</ports>',
    `<times srtt="${h.srtt}" rttvar="${Math.round(h.srtt / 4)}" to="100000"/>`,
    '</host>',
  ];
}

/** The whole -oX document, ending with a newline as nmap's does. */
export function nmapXml(run: ScanRun): string {
  const up = run.hosts.length;
  const finished = run.start + Math.round(run.elapsed);
  const args = esc(run.args);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE nmaprun>',
    '<?xml-stylesheet href="file:///usr/bin/../share/nmap/nmap.xsl" type="text/xsl"?>',
    `<!-- Nmap 7.94 scan initiated ${ctime(run.start)} as: ${commentSafe(run.args)} -->`,
    `<nmaprun scanner="nmap" args="${commentSafe(args)}" start="${run.start}" startstr="${ctime(run.start)}" version="7.94" xmloutputversion="1.05">`,
    `<scaninfo type="syn" protocol="tcp" numservices="${countPorts(run.tcpPorts)}" services="${run.tcpPorts}"/>`,
    `<scaninfo type="udp" protocol="udp" numservices="${countPorts(run.udpPorts)}" services="${run.udpPorts}"/>`,
    '<verbose level="0"/>',
    '<debugging level="0"/>',
    ...run.hosts.flatMap((h, i) => hostXml(h, run, i)),
    `<runstats><finished time="${finished}" timestr="${ctime(finished)}" summary="Nmap done at ${ctime(finished)}; ${run.total} IP addresses (${up} hosts up) scanned in ${run.elapsed.toFixed(2)} seconds" elapsed="${run.elapsed.toFixed(2)}" exit="success"/><hosts up="${up}" down="${run.total - up}" total="${run.total}"/>`,
    '</runstats>',
    '</nmaprun>',
    '',
  ].join('\n');
}

// ---------- NSE results, text and structured output as the scripts write them ----------

const elem = (key: string | null, value: string) =>
  key === null ? `<elem>${esc(value)}</elem>` : `<elem key="${esc(key)}">${esc(value)}</elem>`;

export interface TlsOffer {
  version: 'TLSv1.0' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  /** name, key exchange info, grade */
  ciphers: [string, string, string][];
  warnings: string[];
}

export function sslEnumCiphers(offers: TlsOffer[]): string {
  const grades = offers.flatMap((o) => o.ciphers.map((c) => c[2]));
  const least = [...grades].sort().at(-1) ?? 'A';
  const text = offers
    .map((o) => {
      const lines = [`  ${o.version}: `, '    ciphers: '];
      for (const [name, kex, grade] of o.ciphers) lines.push(`      ${name} (${kex}) - ${grade}`);
      lines.push('    compressors: ', '      NULL', '    cipher preference: server');
      if (o.warnings.length > 0) lines.push('    warnings: ', ...o.warnings.map((w) => `      ${w}`));
      return lines.join('\n');
    })
    .join('\n');
  const tables = offers.map((o) =>
    [
      `<table key="${o.version}">`,
      '<table key="ciphers">',
      ...o.ciphers.map(([name, kex, grade]) =>
        ['<table>', elem('kex_info', kex), elem('strength', grade), elem('name', name), '</table>'].join('\n'),
      ),
      '</table>',
      '<table key="compressors">',
      elem(null, 'NULL'),
      '</table>',
      elem('cipher preference', 'server'),
      ...(o.warnings.length > 0 ? ['<table key="warnings">', ...o.warnings.map((w) => elem(null, w)), '</table>'] : []),
      '</table>',
    ].join('\n'),
  );
  return [
    `<script id="ssl-enum-ciphers" output="${esc(`\n${text}\n  least strength: ${least}`)}">`,
    ...tables,
    elem('least strength', least),
    '</script>',
  ].join('\n');
}

export interface SshAlgorithms {
  kex: string[];
  hostKey: string[];
  ciphers: string[];
  macs: string[];
}

export function ssh2EnumAlgos(a: SshAlgorithms): string {
  const groups: [string, string[]][] = [
    ['kex_algorithms', a.kex],
    ['server_host_key_algorithms', a.hostKey],
    ['encryption_algorithms', a.ciphers],
    ['mac_algorithms', a.macs],
    ['compression_algorithms', ['none', 'zlib@openssh.com']],
  ];
  const text = groups.map(([k, v]) => `  ${k}: (${v.length})\n${v.map((x) => `      ${x}`).join('\n')}`).join('\n');
  return [
    `<script id="ssh2-enum-algos" output="${esc(`\n${text}`)}">`,
    ...groups.map(([k, v]) => [`<table key="${k}">`, ...v.map((x) => elem(null, x)), '</table>'].join('\n')),
    '</script>',
  ].join('\n');
}

export function sshv1(): string {
  return `<script id="sshv1" output="Server supports SSHv1"/>`;
}

export function ftpAnon(listing: string[]): string {
  const text = ['Anonymous FTP login allowed (FTP code 230)', ...listing].join('\n');
  return `<script id="ftp-anon" output="${esc(text)}"/>`;
}

export function snmpSysdescr(description: string, uptime: string): string {
  return `<script id="snmp-sysdescr" output="${esc(`${description}\n  System uptime: ${uptime}`)}"/>`;
}

// Small generators of nmap XML (-oX, 7.94 layout, service detection) for the reconciliation tests: a scan
// is a date and hosts with their ports, so that pairs of scans (the same network scanned twice) can say
// exactly which port opened, closed or was not looked at again. Not tests themselves.

export interface GenPort {
  port: number;
  proto?: 'tcp' | 'udp';
  state?: 'open' | 'closed' | 'filtered';
  /** nmap service name (omitted: nmap's port-table guess is not written, as for -sS without -sV). */
  service?: string;
  product?: string;
}

export interface GenHost {
  ip: string;
  name?: string;
  status?: 'up' | 'down';
  ports: GenPort[];
}

const REASON: Record<NonNullable<GenPort['state']>, string> = {
  open: 'syn-ack',
  closed: 'reset',
  filtered: 'no-response',
};

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * One nmap run started at `start` (ISO 8601) over `hosts`: `nmap -sV -p 1-1000` over TCP (plus a UDP
 * scaninfo when any port is UDP). Hosts are written in order, each ending a minute after the one before.
 */
export function nmapXml(start: string, hosts: readonly GenHost[]): string {
  const t0 = Math.floor(Date.parse(start) / 1000);
  const udp = hosts.some((h) => h.ports.some((p) => p.proto === 'udp'));
  const targets = hosts.map((h) => h.ip).join(' ');
  const args = `nmap -sV ${udp ? '-sS -sU ' : ''}-p 1-1000 -oX scan.xml ${targets}`;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE nmaprun>',
    `<nmaprun scanner="nmap" args="${escape(args)}" start="${t0}" startstr="${new Date(t0 * 1000).toUTCString()}" version="7.94" xmloutputversion="1.05">`,
    '<scaninfo type="syn" protocol="tcp" numservices="1000" services="1-1000"/>',
    ...(udp ? ['<scaninfo type="udp" protocol="udp" numservices="1000" services="1-1000"/>'] : []),
    '<verbose level="0"/>',
    '<debugging level="0"/>',
  ];
  hosts.forEach((h, i) => {
    const begin = t0 + i * 60;
    const status = h.status ?? 'up';
    out.push(
      `<host starttime="${begin}" endtime="${begin + 60}"><status state="${status}" reason="${status === 'up' ? 'echo-reply' : 'no-response'}" reason_ttl="63"/>`,
      `<address addr="${h.ip}" addrtype="ipv4"/>`,
      h.name ? `<hostnames><hostname name="${escape(h.name)}" type="PTR"/></hostnames>` : '<hostnames/>',
    );
    if (status === 'up') {
      out.push(`<ports><extraports state="closed" count="${1000 - h.ports.length}"/>`);
      for (const p of h.ports) {
        const state = p.state ?? 'open';
        const service = p.service
          ? `<service name="${escape(p.service)}"${p.product ? ` product="${escape(p.product)}"` : ''} method="probed" conf="10"/>`
          : '';
        out.push(
          `<port protocol="${p.proto ?? 'tcp'}" portid="${p.port}"><state state="${state}" reason="${REASON[state]}" reason_ttl="63"/>${service}</port>`,
        );
      }
      out.push('</ports>');
    }
    out.push(`<times srtt="1000" rttvar="500" to="100000"/>`, '</host>');
  });
  const end = t0 + hosts.length * 60 + 5;
  const up = hosts.filter((h) => (h.status ?? 'up') === 'up').length;
  out.push(
    `<runstats><finished time="${end}" timestr="${new Date(end * 1000).toUTCString()}" summary="Nmap done at ${new Date(end * 1000).toUTCString()}; ${hosts.length} IP addresses (${up} hosts up) scanned in ${end - t0}.00 seconds" elapsed="${end - t0}.00" exit="success"/><hosts up="${up}" down="${hosts.length - up}" total="${hosts.length}"/></runstats>`,
    '</nmaprun>',
    '',
  );
  return out.join('\n');
}

/**
 * A small network scanned twice. March: the DMZ behind the edge firewall (200.1.1.1-5) and a segment no
 * imported rulebase covers (203.0.113.10-16). April: only the second segment again — VNC closed on .11,
 * finger closed on .16, everything else as it was.
 */
export const MARCH_SCAN = nmapXml('2026-03-02T10:00:00Z', [
  {
    ip: '200.1.1.1',
    ports: [
      { port: 80, service: 'http', product: 'nginx' },
      { port: 443, service: 'https', product: 'nginx' },
    ],
  },
  {
    ip: '200.1.1.2',
    ports: [
      { port: 80, state: 'closed', service: 'http' },
      { port: 443, service: 'https', product: 'nginx' },
    ],
  },
  { ip: '200.1.1.3', ports: [{ port: 23, service: 'telnet', product: 'Linux telnetd' }] },
  { ip: '200.1.1.4', ports: [{ port: 25, service: 'smtp', product: 'Postfix smtpd' }] },
  {
    ip: '200.1.1.5',
    ports: [
      { port: 25, state: 'closed', service: 'smtp' },
      { port: 465, service: 'smtps', product: 'Postfix smtpd' },
    ],
  },
  { ip: '203.0.113.10', ports: [{ port: 21, service: 'ftp', product: 'vsftpd' }] },
  { ip: '203.0.113.11', ports: [{ port: 5900, service: 'vnc', product: 'RealVNC' }] },
  { ip: '203.0.113.12', ports: [{ port: 6379, service: 'redis', product: 'Redis key-value store' }] },
  { ip: '203.0.113.13', ports: [{ port: 3306, service: 'mysql', product: 'MySQL' }] },
  { ip: '203.0.113.14', ports: [{ port: 3389, service: 'ms-wbt-server', product: 'xrdp' }] },
  { ip: '203.0.113.15', ports: [{ port: 5900, service: 'vnc', product: 'RealVNC' }] },
  { ip: '203.0.113.16', ports: [{ port: 79, service: 'finger', product: 'Linux fingerd' }] },
]);

export const APRIL_SCAN = nmapXml('2026-04-06T10:00:00Z', [
  { ip: '203.0.113.10', ports: [{ port: 21, service: 'ftp', product: 'vsftpd' }] },
  { ip: '203.0.113.11', ports: [{ port: 5900, state: 'closed', service: 'vnc' }] },
  { ip: '203.0.113.12', ports: [{ port: 6379, service: 'redis', product: 'Redis key-value store' }] },
  { ip: '203.0.113.13', ports: [{ port: 3306, service: 'mysql', product: 'MySQL' }] },
  { ip: '203.0.113.14', ports: [{ port: 3389, service: 'ms-wbt-server', product: 'xrdp' }] },
  { ip: '203.0.113.15', ports: [{ port: 5900, service: 'vnc', product: 'RealVNC' }] },
  { ip: '203.0.113.16', ports: [{ port: 79, state: 'closed', service: 'finger' }] },
]);

/** A real iptables-save rulebase (aerleon's regression sample): mail to 200.1.1.4-5, web to 200.1.1.1-2. */
export const EDGE_RULEBASE = 'rulebases/aerleon--TestRegressionDemo.testSmokeTest.sample_multitarget.ipt.ref';

// Generators of large, realistic scan files for the import benchmarks: nmap XML (-oX, 7.94 layout, with
// service detection and NSE output on a share of ports) and Nessus v2. Deterministic for a given size.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const services = [
  {
    port: 22,
    name: 'ssh',
    product: 'OpenSSH',
    version: '8.9p1 Ubuntu 3ubuntu0.6',
    extrainfo: 'Ubuntu Linux; protocol 2.0',
  },
  { port: 23, name: 'telnet', product: 'Linux telnetd', version: '', extrainfo: '' },
  { port: 21, name: 'ftp', product: 'vsftpd', version: '3.0.3', extrainfo: '' },
  { port: 80, name: 'http', product: 'nginx', version: '1.18.0', extrainfo: 'Ubuntu' },
  { port: 443, name: 'http', product: 'nginx', version: '1.18.0', extrainfo: '', tunnel: 'ssl' },
  { port: 3306, name: 'mysql', product: 'MySQL', version: '5.7.42', extrainfo: '' },
  { port: 6379, name: 'redis', product: 'Redis key-value store', version: '6.0.16', extrainfo: '' },
  { port: 161, name: 'snmp', product: 'net-snmp', version: '', extrainfo: 'SNMPv1 server; public', proto: 'udp' },
  { port: 445, name: 'microsoft-ds', product: 'Samba smbd', version: '4.6.2', extrainfo: '' },
  { port: 3389, name: 'ms-wbt-server', product: 'Microsoft Terminal Services', version: '', extrainfo: '' },
];

const sslEnum = `<script id="ssl-enum-ciphers" output="&#xa;  TLSv1.0: &#xa;    ciphers: &#xa;      TLS_RSA_WITH_3DES_EDE_CBC_SHA (rsa 2048) - C&#xa;    warnings: &#xa;      64-bit block cipher 3DES vulnerable to SWEET32 attack&#xa;  TLSv1.2: &#xa;    ciphers: &#xa;      TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (secp256r1) - A&#xa;  least strength: C"><table key="TLSv1.0"><table key="ciphers"><table><elem key="kex_info">rsa 2048</elem><elem key="strength">C</elem><elem key="name">TLS_RSA_WITH_3DES_EDE_CBC_SHA</elem></table></table><table key="compressors"><elem>NULL</elem></table><elem key="cipher preference">indeterminate</elem><table key="warnings"><elem>64-bit block cipher 3DES vulnerable to SWEET32 attack</elem></table></table><table key="TLSv1.2"><table key="ciphers"><table><elem key="kex_info">secp256r1</elem><elem key="strength">A</elem><elem key="name">TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256</elem></table></table><table key="compressors"><elem>NULL</elem></table><elem key="cipher preference">server</elem></table><elem key="least strength">C</elem></script>`;
const ftpAnon = `<script id="ftp-anon" output="Anonymous FTP login allowed (FTP code 230)&#xa;drwxr-xr-x    2 0        0            4096 Jan 01  2024 pub"/>`;
const sshAlgos = `<script id="ssh2-enum-algos" output="&#xa;  kex_algorithms: (2)&#xa;      curve25519-sha256&#xa;      diffie-hellman-group1-sha1&#xa;  encryption_algorithms: (2)&#xa;      aes128-ctr&#xa;      3des-cbc"><table key="kex_algorithms"><elem>curve25519-sha256</elem><elem>diffie-hellman-group1-sha1</elem></table><table key="encryption_algorithms"><elem>aes128-ctr</elem><elem>3des-cbc</elem></table></script>`;

/** A large file written as a stream of strings, with back-pressure; `close` gives the bytes written. */
export async function writer(path: string) {
  const out = createWriteStream(path, { highWaterMark: 4 * 1024 * 1024 });
  let bytes = 0;
  return {
    async write(s: string) {
      bytes += Buffer.byteLength(s);
      if (!out.write(s)) await once(out, 'drain');
    },
    async close() {
      out.end();
      await once(out, 'finish');
      return bytes;
    },
  };
}

function ip(i: number): string {
  return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
}

/** nmap -sV -sC style XML with `ports` open ports spread over hosts of `portsPerHost` ports each. */
export async function generateNmapXml(
  path: string,
  ports: number,
  portsPerHost = 100,
): Promise<{ bytes: number; hosts: number; ports: number }> {
  const w = await writer(path);
  await w.write(
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE nmaprun>\n<?xml-stylesheet href="file:///usr/bin/../share/nmap/nmap.xsl" type="text/xsl"?>\n' +
      '<nmaprun scanner="nmap" args="nmap -sV -sC -p- -oX bench.xml 10.0.0.0/8" start="1700000000" startstr="Tue Nov 14 22:13:20 2023" version="7.94" xmloutputversion="1.05">\n' +
      '<scaninfo type="syn" protocol="tcp" numservices="65535" services="1-65535"/>\n<verbose level="0"/>\n<debugging level="0"/>\n',
  );
  const hosts = Math.ceil(ports / portsPerHost);
  let written = 0;
  for (let h = 0; h < hosts; h++) {
    const t = 1700000000 + h;
    let s = `<host starttime="${t}" endtime="${t + 60}"><status state="up" reason="echo-reply" reason_ttl="63"/>\n<address addr="${ip(h + 1)}" addrtype="ipv4"/>\n<hostnames><hostname name="host-${h + 1}.pci.example" type="PTR"/></hostnames>\n<ports><extraports state="closed" count="${65535 - portsPerHost}"><extrareasons reason="resets" count="${65535 - portsPerHost}"/></extraports>\n`;
    for (let p = 0; p < portsPerHost && written < ports; p++, written++) {
      const svc = services[(h + p) % services.length]!;
      const portNo = p < services.length ? svc.port : 10000 + p;
      const proto = svc.proto ?? 'tcp';
      const attrs = [`name="${svc.name}"`, `product="${svc.product}"`];
      if (svc.version) attrs.push(`version="${svc.version}"`);
      if (svc.extrainfo) attrs.push(`extrainfo="${svc.extrainfo}"`);
      if (svc.tunnel) attrs.push(`tunnel="${svc.tunnel}"`);
      attrs.push('method="probed"', 'conf="10"');
      let scripts = '';
      if (p % 10 === 4) scripts = sslEnum;
      else if (svc.name === 'ftp' && p % 3 === 0) scripts = ftpAnon;
      else if (svc.name === 'ssh' && p % 5 === 0) scripts = sshAlgos;
      s += `<port protocol="${proto}" portid="${portNo}"><state state="open" reason="syn-ack" reason_ttl="63"/><service ${attrs.join(' ')}><cpe>cpe:/a:${svc.product.toLowerCase().replace(/\W+/g, '_')}</cpe></service>${scripts}</port>\n`;
    }
    s += '</ports>\n<times srtt="512" rttvar="120" to="100000"/>\n</host>\n';
    await w.write(s);
  }
  await w.write(
    `<runstats><finished time="${1700000000 + hosts + 60}" timestr="done" elapsed="${hosts + 60}" summary="Nmap done" exit="success"/><hosts up="${hosts}" down="0" total="${hosts}"/></runstats>\n</nmaprun>\n`,
  );
  return { bytes: await w.close(), hosts, ports: written };
}

const plugins = [
  {
    id: 22964,
    name: 'Service Detection',
    family: 'Service detection',
    sev: 0,
    svc: 'www',
    port: 443,
    out: 'A web server is running on this port through TLSv1.2.',
  },
  {
    id: 104743,
    name: 'TLS Version 1.0 Protocol Detection',
    family: 'Service detection',
    sev: 2,
    svc: 'www',
    port: 443,
    out: 'TLSv1 is enabled and the server supports at least one cipher.',
  },
  {
    id: 10881,
    name: 'SSH Protocol Versions Supported',
    family: 'General',
    sev: 0,
    svc: 'ssh',
    port: 22,
    out: 'The remote SSH daemon supports the following versions of the SSH protocol :\n\n  - 1.99\n  - 2.0',
  },
  {
    id: 10079,
    name: 'Anonymous FTP Enabled',
    family: 'FTP',
    sev: 2,
    svc: 'ftp',
    port: 21,
    out: 'The contents of the remote FTP root are :\ndrwxr-xr-x 2 0 0 4096 pub',
  },
  {
    id: 41028,
    name: 'SNMP Agent Default Community Name (public)',
    family: 'SNMP',
    sev: 3,
    svc: 'snmp',
    port: 161,
    out: 'The remote SNMP server replies to the following default community\nstring :\n\npublic',
  },
  {
    id: 11219,
    name: 'Nessus SYN scanner',
    family: 'Port scanners',
    sev: 0,
    svc: 'telnet',
    port: 23,
    out: 'Port 23/tcp was found to be open',
  },
];

/** A Nessus v2 file of about `targetBytes`, hosts with several ReportItems each (long descriptions, as real ones). */
export async function generateNessus(
  path: string,
  targetBytes: number,
): Promise<{ bytes: number; hosts: number; items: number }> {
  const w = await writer(path);
  const description = 'The remote service accepts connections encrypted using a deprecated protocol. '.repeat(12);
  await w.write(
    '<?xml version="1.0" ?>\n<NessusClientData_v2>\n<Policy><policyName>Basic Network Scan</policyName></Policy>\n<Report name="bench" xmlns:cm="http://www.nessus.org/cm">\n',
  );
  let bytes = 0;
  let hosts = 0;
  let items = 0;
  while (bytes < targetBytes) {
    hosts++;
    const addr = ip(hosts);
    let s = `<ReportHost name="${addr}"><HostProperties>\n<tag name="HOST_END">Tue Nov 14 22:20:00 2023</tag>\n<tag name="host-ip">${addr}</tag>\n<tag name="host-fqdn">host-${hosts}.pci.example</tag>\n<tag name="HOST_START">Tue Nov 14 22:13:20 2023</tag>\n</HostProperties>\n`;
    for (const p of plugins) {
      items++;
      const proto = p.svc === 'snmp' ? 'udp' : 'tcp';
      s += `<ReportItem port="${p.port}" svc_name="${p.svc}" protocol="${proto}" severity="${p.sev}" pluginID="${p.id}" pluginName="${p.name}" pluginFamily="${p.family}">\n<description>${description}</description>\n<fname>x.nasl</fname>\n<plugin_modification_date>2023/01/01</plugin_modification_date>\n<plugin_name>${p.name}</plugin_name>\n<plugin_type>remote</plugin_type>\n<risk_factor>${p.sev > 0 ? 'Medium' : 'None'}</risk_factor>\n<solution>Disable the deprecated protocol.</solution>\n<synopsis>${p.name}.</synopsis>\n<plugin_output>${p.out}</plugin_output>\n</ReportItem>\n`;
    }
    s += '</ReportHost>\n';
    bytes += Buffer.byteLength(s);
    await w.write(s);
  }
  await w.write('</Report>\n</NessusClientData_v2>\n');
  return { bytes: await w.close(), hosts, items };
}

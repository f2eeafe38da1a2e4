// The sample's network, "Harbor Street Grocers" store #14, as plain data: which hosts answer on which
// ports in each of the two scans a month apart, with the NSE output nmap gave. A fictional entity on
// private addresses (10.40.0.0/16) and example.com-style names; nothing here comes from a real network.
import { ftpAnon, snmpSysdescr, ssh2EnumAlgos, sshv1, sslEnumCiphers, type PortSpec, type ScanHost } from './nmap-xml';

type SampleHost = ScanHost;

export const DOMAIN = 'hsg14.harborstreet.example';

const MODERN_SSH = ssh2EnumAlgos({
  kex: ['curve25519-sha256', 'curve25519-sha256@libssh.org', 'ecdh-sha2-nistp256', 'diffie-hellman-group16-sha512'],
  hostKey: ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-ed25519'],
  ciphers: ['chacha20-poly1305@openssh.com', 'aes128-ctr', 'aes256-ctr', 'aes128-gcm@openssh.com'],
  macs: ['umac-128-etm@openssh.com', 'hmac-sha2-256-etm@openssh.com', 'hmac-sha2-512-etm@openssh.com'],
});

/** jump-02 still runs the OpenSSH 7.4 of its 2017 image, with the legacy algorithms left on. */
const LEGACY_SSH = ssh2EnumAlgos({
  kex: [
    'curve25519-sha256',
    'diffie-hellman-group-exchange-sha256',
    'diffie-hellman-group14-sha1',
    'diffie-hellman-group1-sha1',
  ],
  hostKey: ['ssh-rsa', 'rsa-sha2-512', 'ecdsa-sha2-nistp256', 'ssh-ed25519'],
  ciphers: ['aes128-ctr', 'aes256-ctr', 'aes128-cbc', '3des-cbc'],
  macs: ['hmac-sha2-256', 'hmac-sha1', 'hmac-md5'],
});

const sshPort = (product: string, version: string, extra: string, scripts: string[]): PortSpec => ({
  port: 22,
  service: 'ssh',
  product,
  version,
  extraInfo: extra,
  cpes: [`cpe:/a:openbsd:openssh:${version.replace(/ .*/, '')}`],
  scripts,
});

const posTerminal = (n: number): SampleHost => ({
  ip: `10.40.10.${20 + n}`,
  name: `pos-0${n}`,
  ttl: 63,
  srtt: 1900 + n * 37,
  ports: [
    {
      port: 23,
      service: 'telnet',
      product: 'BusyBox telnetd',
      cpes: ['cpe:/a:busybox:busybox'],
      scripts: [],
    },
  ],
});

const switchHost: SampleHost = {
  ip: '10.40.10.2',
  name: 'sw-store-01',
  ttl: 254,
  srtt: 1204,
  ports: [
    {
      port: 22,
      service: 'ssh',
      product: 'Cisco SSH',
      version: '1.25',
      extraInfo: 'protocol 1.99',
      cpes: ['cpe:/a:cisco:ssh:1.25', 'cpe:/o:cisco:ios'],
      scripts: [sshv1()],
    },
    {
      proto: 'udp',
      port: 161,
      service: 'snmp',
      product: 'SNMPv1 server; SNMPv2c server',
      extraInfo: 'public',
      scripts: [
        snmpSysdescr(
          'Cisco IOS Software, C2960 Software (C2960-LANBASEK9-M), Version 15.0(2)SE11, RELEASE SOFTWARE (fc3)\nTechnical Support: http://www.cisco.com/techsupport\nCopyright (c) 1986-2017 by Cisco Systems, Inc.\nCompiled Sat 19-Aug-17 09:34 by prod_rel_team',
          '212 days, 3:14:07.51 (1831204751 timeticks)',
        ),
      ],
    },
  ],
};

const backOffice = (withFtp: boolean): SampleHost => ({
  ip: '10.40.20.10',
  name: 'bo-srv-01',
  ttl: 63,
  srtt: 2310,
  ports: [
    ...(withFtp
      ? [
          {
            port: 21,
            service: 'ftp',
            product: 'vsftpd',
            version: '3.0.3',
            cpes: ['cpe:/a:vsftpd:vsftpd:3.0.3'],
            scripts: [ftpAnon(['drwxr-xr-x    2 0        0            4096 Sep 28 22:15 settlement'])],
          },
        ]
      : []),
    sshPort('OpenSSH', '8.4p1 Debian 5+deb11u3', 'protocol 2.0', [MODERN_SSH]),
  ],
});

const printer: SampleHost = {
  ip: '10.40.20.30',
  name: 'prn-bo-01',
  ttl: 63,
  srtt: 2875,
  ports: [
    {
      port: 80,
      service: 'http',
      product: 'HP LaserJet M404dn http config',
      cpes: ['cpe:/h:hp:laserjet_m404dn'],
      scripts: [],
    },
    { port: 9100, service: 'jetdirect', scripts: [] },
  ],
};

/** A CCTV recorder that a contractor connected between the two scans. */
const recorder: SampleHost = {
  ip: '10.40.20.40',
  name: 'nvr-01',
  ttl: 63,
  srtt: 3102,
  ports: [
    { port: 80, service: 'http', product: 'Hikvision DVR web interface', scripts: [] },
    { port: 554, service: 'rtsp', product: 'Hikvision 7513 POE IP camera rtspd', scripts: [] },
  ],
};

const paymentGateway: SampleHost = {
  ip: '10.40.30.5',
  name: 'pay-gw-01',
  ttl: 63,
  srtt: 1677,
  ports: [
    sshPort('OpenSSH', '8.4p1 Debian 5+deb11u3', 'protocol 2.0', [MODERN_SSH]),
    {
      port: 443,
      service: 'http',
      product: 'nginx',
      version: '1.18.0',
      tunnel: 'ssl',
      cpes: ['cpe:/a:igor_sysoev:nginx:1.18.0'],
      scripts: [
        sslEnumCiphers([
          {
            version: 'TLSv1.0',
            ciphers: [
              ['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 'secp256r1', 'A'],
              ['TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA', 'secp256r1', 'A'],
              ['TLS_RSA_WITH_3DES_EDE_CBC_SHA', 'rsa 2048', 'C'],
            ],
            warnings: ['64-bit block cipher 3DES vulnerable to SWEET32 attack'],
          },
          {
            version: 'TLSv1.2',
            ciphers: [
              ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'secp256r1', 'A'],
              ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'secp256r1', 'A'],
              ['TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 'secp256r1', 'A'],
            ],
            warnings: [],
          },
        ]),
      ],
    },
  ],
};

const jumpHost = (n: 1 | 2): SampleHost => ({
  ip: `10.40.90.${9 + n}`,
  name: `jump-0${n}`,
  // The scans run from jump-01 itself; jump-02 sits on the same segment.
  ttl: n === 1 ? 0 : 64,
  ...(n === 1 ? { upReason: 'localhost-response' } : {}),
  srtt: 980 + n * 51,
  ports: [
    n === 1
      ? sshPort('OpenSSH', '9.2p1 Debian 2+deb12u3', 'protocol 2.0', [MODERN_SSH])
      : sshPort('OpenSSH', '7.4', 'protocol 2.0', [LEGACY_SSH]),
  ],
});

/** The first scan (5 October 2026): anonymous FTP still open on the back-office server. */
export function octoberHosts(): SampleHost[] {
  return [
    switchHost,
    ...[1, 2, 3, 4].map(posTerminal),
    backOffice(true),
    printer,
    paymentGateway,
    jumpHost(1),
    jumpHost(2),
  ];
}

/** The second scan (9 November 2026): FTP retired (CHG0040112), a CCTV recorder newly on the network. */
export function novemberHosts(): SampleHost[] {
  return [
    switchHost,
    ...[1, 2, 3, 4].map(posTerminal),
    backOffice(false),
    printer,
    recorder,
    paymentGateway,
    jumpHost(1),
    jumpHost(2),
  ];
}

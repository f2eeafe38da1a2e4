// What an import produces: normalised observations of services/ports in use, the hosts seen, and the
// facts (from NSE scripts, plugins, TLS/SSH assessors) that later decide whether something is insecure.

export type Proto = 'tcp' | 'udp' | 'sctp';

/**
 * One fact about a service, with the evidence that shows it. Keys are stable and shared by all parsers:
 *   tls.protocol      offered protocol version: SSLv2 | SSLv3 | TLSv1.0 | TLSv1.1 | TLSv1.2 | TLSv1.3
 *   tls.cipher        offered cipher suite name (IANA or OpenSSL spelling, as the tool reported it)
 *   tls.cipher.weak   an offered suite the tool itself marked weak/insecure (RC4, 3DES, EXPORT, NULL...)
 *   tls.certificate   subject / issue summary when the tool reports one (expired, self-signed, weak key)
 *   ssh.protocol      1 | 2 (1.99 = both: record both)
 *   ssh.kex | ssh.hostkey | ssh.cipher | ssh.mac   offered algorithm names
 *   ssh.weak          an algorithm the tool itself marked weak/fail/warn
 *   snmp.version      1 | 2c | 3
 *   snmp.community    a community string shown to work (e.g. public)
 *   ftp.anonymous     true when anonymous login is allowed
 *   smb.dialect       offered SMB dialect (e.g. "NT LM 0.12" = SMBv1, 2.02, 3.1.1)
 *   smb.signing       required | enabled | disabled
 *   vnc.auth          security type names; "None" means no authentication
 *   x11.access        granted
 *   rdp.security      Native RDP | SSL | CredSSP (NLA)
 *   ntp.monlist       true when mode 7 monlist answers
 *   dns.axfr          true when a zone transfer succeeded
 *   http.title        page title
 *   auth.none         the service answered without authentication (redis, memcached, mongodb, elasticsearch...)
 *   banner            a raw banner line
 *   vuln              a finding id/title reported by the scanner for this port (plugin/QID/NVT/CVE)
 */
export interface Fact {
  key: string;
  value: string;
  /** The script / plugin / check that produced it, e.g. "ssl-enum-ciphers" or "nessus:20007". */
  source: string;
  /** The line or excerpt of tool output that shows it (kept short, at most a few hundred characters). */
  evidence: string;
}

export interface ScriptOutput {
  id: string;
  output: string;
}

export interface Observation {
  /** IPv4 dotted quad or IPv6 in lower-case compressed form; null when only a name is known. */
  hostIp: string | null;
  hostNames: string[];
  mac: string | null;
  proto: Proto;
  port: number;
  /** open | closed | filtered | open|filtered | closed|filtered | unfiltered | listening */
  state: string;
  reason: string | null;
  service: string | null;
  product: string | null;
  version: string | null;
  extraInfo: string | null;
  /** "ssl" when the service runs inside TLS. */
  tunnel: string | null;
  /** nmap: "table" (guessed from the port number) or "probed" (identified). */
  method: string | null;
  confidence: number | null;
  cpes: string[];
  facts: Fact[];
  scripts: ScriptOutput[];
  /** When it was seen (ISO 8601 UTC), if the source says. */
  seenAt: string | null;
  /** Host listener inventories: the owning process ("sshd pid 812"). */
  process: string | null;
  /** Host listener inventories: the local address as listed (0.0.0.0, ::, 127.0.0.1, fe80::1%eth0). */
  bindAddress: string | null;
}

export interface HostSeen {
  ip: string | null;
  hostNames: string[];
  mac: string | null;
  /** up | down | unknown */
  status: string;
  seenAt: string | null;
}

/** Something in the input the parser skipped or did not understand: parse coverage. */
export interface ParseNote {
  line: number | null;
  column: number | null;
  what: string;
}

/** A blank observation: parsers spread it and fill what their format knows. */
export function blankObservation(proto: Proto, port: number, state: string): Observation {
  return {
    hostIp: null,
    hostNames: [],
    mac: null,
    proto,
    port,
    state,
    reason: null,
    service: null,
    product: null,
    version: null,
    extraInfo: null,
    tunnel: null,
    method: null,
    confidence: null,
    cpes: [],
    facts: [],
    scripts: [],
    seenAt: null,
    process: null,
    bindAddress: null,
  };
}

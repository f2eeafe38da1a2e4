// Protocol version spellings differ by tool ("TLS 1.0", "tls1", "TLSv1", "SSL_3_0", "ssl3", "TLS1_1"); the
// facts use one spelling so that matchers and reports compare like with like.

export type TlsProtocol = 'SSLv2' | 'SSLv3' | 'TLSv1.0' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

const BY_COMPACT: Record<string, TlsProtocol> = {
  ssl2: 'SSLv2',
  ssl20: 'SSLv2',
  ssl3: 'SSLv3',
  ssl30: 'SSLv3',
  tls1: 'TLSv1.0',
  tls10: 'TLSv1.0',
  tls11: 'TLSv1.1',
  tls12: 'TLSv1.2',
  tls13: 'TLSv1.3',
};

/** The shared spelling of a protocol version, or null when `s` names none of them. */
export function normaliseTlsProtocol(s: string): TlsProtocol | null {
  const compact = s
    .trim()
    .toLowerCase()
    .replace(/[\s_.-]/g, '')
    .replace(/^(tls|ssl)v/, '$1');
  return BY_COMPACT[compact] ?? null;
}

/**
 * The SSH protocol versions an identification string's version field stands for (RFC 4253 section 5.1:
 * "1.99" means a server that speaks both 1 and 2). Accepts "2.0", "1.99", "1.5" or ssh-audit 2.x's [2, 0].
 */
export function sshProtocolVersions(v: unknown): string[] {
  let major: number | null = null;
  let minor: number | null = null;
  if (Array.isArray(v) && typeof v[0] === 'number') {
    major = v[0];
    minor = typeof v[1] === 'number' ? v[1] : 0;
  } else if (typeof v === 'string' || typeof v === 'number') {
    const m = /^\s*(\d+)(?:\.(\d+))?\s*$/.exec(String(v));
    if (m) {
      major = Number(m[1]);
      minor = m[2] === undefined ? 0 : Number(m[2]);
    }
  }
  if (major === null || minor === null) return [];
  if (major === 1 && minor === 99) return ['1', '2'];
  return [String(major)];
}

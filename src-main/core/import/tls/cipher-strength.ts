// Strength rules that do not depend on any one tool: which cipher suites are weak by their name alone, and
// which certificate keys are too short. Parsers apply them beside the tool's own verdict, so a suite a tool
// does not grade (testssl per-suite rows, sslyze) is still judged the same way everywhere.

export type WeakCipherReason = 'NULL' | 'anonymous' | 'EXPORT' | 'RC4' | '3DES' | 'DES';

/**
 * Why a suite is weak by name (IANA `TLS_RSA_WITH_RC4_128_SHA`, SSLv2 `SSL_CK_DES_64_CBC_WITH_MD5` or OpenSSL
 * `DES-CBC3-SHA` spelling), or null. The first reason that applies wins: an EXPORT DES suite is "EXPORT".
 */
export function weakCipherReason(name: string): WeakCipherReason | null {
  const n = name.trim().toUpperCase();
  if (n === '') return null;
  // No encryption at all: TLS_RSA_WITH_NULL_SHA, NULL-MD5, ECDHE-RSA-NULL-SHA.
  if (/(^|[_-])E?NULL([_-]|$)/.test(n)) return 'NULL';
  // No server authentication: TLS_DH_anon_*, TLS_ECDH_anon_*, ADH-*, AECDH-*.
  if (/_ANON_/.test(n) || /^A(DH|ECDH)-/.test(n)) return 'anonymous';
  // Export grade: TLS_RSA_EXPORT_WITH_*, SSL_CK_RC4_128_EXPORT40_WITH_MD5, EXP-RC4-MD5, EXP1024-DES-CBC-SHA.
  if (/EXPORT/.test(n) || /(^|[_-])EXP\d*[_-]/.test(n)) return 'EXPORT';
  if (/RC4/.test(n)) return 'RC4';
  // Triple DES before single DES, whose pattern would also match it.
  if (/3DES|DES[_-]CBC3|EDE3|DES_192/.test(n)) return '3DES';
  if (/(^|[_-])DES([_-]|40|$)|DES_64/.test(n)) return 'DES';
  return null;
}

/**
 * Why a certificate public key is too short, or null: RSA/DSA/DH below 2048 bits (NIST SP 800-57 since 2014),
 * elliptic curves below 224 bits. Unknown algorithms are not judged.
 */
export function weakKeyReason(algorithm: string, bits: number | null): string | null {
  if (bits === null || !Number.isFinite(bits) || bits <= 0) return null;
  const a = algorithm.toUpperCase();
  if (/EC|ELLIPTIC|ED25519|ED448/.test(a)) return bits < 224 ? `${algorithm} ${bits} bits` : null;
  if (/RSA|DSA|DSS|DH/.test(a)) return bits < 2048 ? `${algorithm} ${bits} bits` : null;
  return null;
}

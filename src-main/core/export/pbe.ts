// Password-based encryption for PKCS#12: PBES2 (PBKDF2 + AES-CBC) for what we write, plus what other
// tools wrote — PBES2 with SHA-1/SHA-2 PRFs, AES or 3DES, and the legacy PKCS#12 PBEs of OpenSSL 1.x and
// Windows (SHA-1 + 3DES, SHA-1 + RC2-40) — and the PKCS#12 key derivation used by the integrity MAC.
import { createCipheriv, createDecipheriv, createHash, pbkdf2Sync, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type forgeModule from 'node-forge';
import { child, int, nullValue, octets, oid, readInt, readOid, seq, TAG, type Node } from './der';
import { OID } from './oids';

export type Digest = 'sha1' | 'sha256' | 'sha384' | 'sha512';

const PRF: Record<string, Digest> = {
  [OID.hmacWithSHA1]: 'sha1',
  [OID.hmacWithSHA256]: 'sha256',
  [OID.hmacWithSHA384]: 'sha384',
  [OID.hmacWithSHA512]: 'sha512',
};

const CIPHERS: Record<string, { name: string; keyLength: number }> = {
  [OID.aes128Cbc]: { name: 'aes-128-cbc', keyLength: 16 },
  [OID.aes192Cbc]: { name: 'aes-192-cbc', keyLength: 24 },
  [OID.aes256Cbc]: { name: 'aes-256-cbc', keyLength: 32 },
  [OID.desEde3Cbc]: { name: 'des-ede3-cbc', keyLength: 24 },
};

const BLOCK: Record<Digest, number> = { sha1: 64, sha256: 64, sha384: 128, sha512: 128 };

/** The password as PKCS#12 wants it for its own KDF: BMPString (UTF-16BE) with a terminating NUL. */
function bmpPassword(passphrase: string): Buffer {
  const le = Buffer.from(`${passphrase}\u0000`, 'utf16le');
  return le.swap16();
}

/** RFC 7292 appendix B.2: id 1 = key, 2 = IV, 3 = MAC key. */
export function pkcs12Kdf(
  passphrase: string,
  salt: Buffer,
  id: 1 | 2 | 3,
  iterations: number,
  length: number,
  digest: Digest,
): Buffer {
  const v = BLOCK[digest];
  const fill = (src: Buffer) => {
    if (src.length === 0) return Buffer.alloc(0);
    const out = Buffer.alloc(v * Math.ceil(src.length / v));
    for (let i = 0; i < out.length; i++) out[i] = src[i % src.length] ?? 0;
    return out;
  };
  const D = Buffer.alloc(v, id);
  const I = Buffer.concat([fill(salt), fill(bmpPassword(passphrase))]);
  const out: Buffer[] = [];
  let produced = 0;
  while (produced < length) {
    let A = createHash(digest).update(D).update(I).digest();
    for (let r = 1; r < iterations; r++) A = createHash(digest).update(A).digest();
    out.push(A);
    produced += A.length;
    const B = Buffer.alloc(v);
    for (let i = 0; i < v; i++) B[i] = A[i % A.length] ?? 0;
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = (I[j + k] ?? 0) + (B[k] ?? 0) + carry;
        I[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(out).subarray(0, length);
}

/** Encrypts with PBES2: PBKDF2-HMAC-SHA256 and AES-256-CBC. Returns the AlgorithmIdentifier and ciphertext. */
export function pbes2Encrypt(
  plaintext: Buffer,
  passphrase: string,
  iterations: number,
): { algorithm: Buffer; ciphertext: Buffer } {
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  const key = pbkdf2Sync(Buffer.from(passphrase, 'utf8'), salt, iterations, 32, 'sha256');
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const algorithm = seq(
    oid(OID.pbes2),
    seq(
      seq(oid(OID.pbkdf2), seq(octets(salt), int(iterations), seq(oid(OID.hmacWithSHA256), nullValue()))),
      seq(oid(OID.aes256Cbc), octets(iv)),
    ),
  );
  return { algorithm, ciphertext };
}

/** Decrypts data encrypted under `algorithm` (an AlgorithmIdentifier node). Throws naming the algorithm. */
export function pbeDecrypt(algorithm: Node, ciphertext: Buffer, passphrase: string): Buffer {
  const scheme = readOid(child(algorithm, 0, 'encryption algorithm'));
  const params = child(algorithm, 1, 'encryption parameters');
  if (scheme === OID.pbes2) return pbes2Decrypt(params, ciphertext, passphrase);
  if (scheme === OID.pbeWithSHAAnd3KeyTripleDESCBC || scheme === OID.pbeWithSHAAnd40BitRC2CBC) {
    const salt = child(params, 0, 'PBE salt').content;
    const iterations = readInt(child(params, 1, 'PBE iteration count'));
    const iv = pkcs12Kdf(passphrase, salt, 2, iterations, 8, 'sha1');
    if (scheme === OID.pbeWithSHAAnd3KeyTripleDESCBC) {
      const key = pkcs12Kdf(passphrase, salt, 1, iterations, 24, 'sha1');
      const d = createDecipheriv('des-ede3-cbc', key, iv);
      return Buffer.concat([d.update(ciphertext), d.final()]);
    }
    // RC2-40 is not in OpenSSL 3's default provider, so node:crypto cannot do it; forge can.
    const key = pkcs12Kdf(passphrase, salt, 1, iterations, 5, 'sha1');
    const forge = legacyForge();
    const rc2 = forge.rc2.createDecryptionCipher(forge.util.createBuffer(key.toString('binary')), 40);
    rc2.start(forge.util.createBuffer(iv.toString('binary')));
    rc2.update(forge.util.createBuffer(ciphertext.toString('binary')));
    if (!rc2.finish()) throw new Error('wrong passphrase (RC2 padding is invalid)');
    return Buffer.from(rc2.output.getBytes(), 'binary');
  }
  throw new Error(`unsupported password-based encryption ${scheme}: expected PBES2 or a PKCS#12 PBE`);
}

/**
 * node-forge's RC2 and its byte buffers, loaded on first use: only PKCS#12 files of old Windows and OpenSSL
 * need them, and loading all of forge costs every command about 60 ms at start.
 */
function legacyForge(): Pick<typeof forgeModule, 'rc2' | 'util'> {
  const load = createRequire(import.meta.url);
  const forge = load('node-forge/lib/forge') as Pick<typeof forgeModule, 'rc2' | 'util'>;
  load('node-forge/lib/rc2');
  return forge;
}

function pbes2Decrypt(params: Node, ciphertext: Buffer, passphrase: string): Buffer {
  const kdf = child(params, 0, 'PBES2 key derivation');
  if (readOid(child(kdf, 0, 'KDF')) !== OID.pbkdf2) throw new Error('PBES2: only PBKDF2 is supported');
  const kdfParams = child(kdf, 1, 'PBKDF2 parameters');
  const salt = child(kdfParams, 0, 'PBKDF2 salt');
  if (salt.tag !== TAG.OCTET_STRING) throw new Error('PBES2: only a specified salt is supported');
  const iterations = readInt(child(kdfParams, 1, 'PBKDF2 iteration count'));
  let prf: Digest = 'sha1';
  for (const extra of kdfParams.children.slice(2)) {
    if (extra.tag !== TAG.SEQUENCE) continue;
    const prfOid = readOid(child(extra, 0, 'PRF'));
    const found = PRF[prfOid];
    if (!found) throw new Error(`PBES2: unsupported PRF ${prfOid}`);
    prf = found;
  }
  const enc = child(params, 1, 'PBES2 encryption scheme');
  const encOid = readOid(child(enc, 0, 'cipher'));
  const cipher = CIPHERS[encOid];
  if (!cipher) throw new Error(`PBES2: unsupported cipher ${encOid}`);
  const iv = child(enc, 1, 'cipher IV').content;
  const key = pbkdf2Sync(Buffer.from(passphrase, 'utf8'), salt.content, iterations, cipher.keyLength, prf);
  const d = createDecipheriv(cipher.name, key, iv);
  return Buffer.concat([d.update(ciphertext), d.final()]);
}

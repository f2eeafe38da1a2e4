// PKCS#12 files for signing identities. We write the key shrouded and the certificates encrypted with
// PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) and an HMAC-SHA256 integrity MAC, which `openssl pkcs12 -info`
// reads; we read what OpenSSL 1.x/3.x, Windows and forge write. Built by hand because forge's PKCS#12
// only takes RSA keys and writes SHA-1 MACs.
import {
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  randomBytes,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';
import {
  TAG,
  child,
  explicit,
  int,
  nullValue,
  octets,
  oid,
  parseAll,
  readInt,
  readOid,
  seq,
  setOf,
  tlv,
  type Node,
} from './der';
import { DIGEST_BY_OID, OID } from './oids';
import { pbeDecrypt, pbes2Encrypt, pkcs12Kdf, type Digest } from './pbe';
import { readCertificate } from './x509';

/** PBKDF2 and MAC iterations for files we write (OpenSSL's default is 2048; we ask more of a guesser). */
export const PKCS12_ITERATIONS = 200_000;

export interface Pkcs12Contents {
  privateKey: KeyObject;
  /** The certificate of the key, DER. */
  certificate: Buffer;
  /** The certificates above it that the file holds, issuer first. */
  chain: Buffer[];
}

const bmp = (s: string) => tlv(TAG.BMP, Buffer.from(s, 'utf16le').swap16());
const contentInfoData = (der: Buffer) => seq(oid(OID.data), explicit(0, octets(der)));

export function writePkcs12(
  id: Pkcs12Contents,
  passphrase: string,
  friendlyName: string,
  iterations = PKCS12_ITERATIONS,
): Buffer {
  const localKeyId = createHash('sha1').update(id.certificate).digest();
  const attrs = setOf(
    seq(oid(OID.friendlyName), setOf(bmp(friendlyName))),
    seq(oid(OID.localKeyId), setOf(octets(localKeyId))),
  );
  const certBag = (der: Buffer, withAttrs: boolean) =>
    seq(
      oid(OID.certBag),
      explicit(0, seq(oid(OID.x509Certificate), explicit(0, octets(der)))),
      ...(withAttrs ? [attrs] : []),
    );
  const certs = seq(certBag(id.certificate, true), ...id.chain.map((c) => certBag(c, false)));
  const encCerts = pbes2Encrypt(certs, passphrase, iterations);
  const certsInfo = seq(
    oid(OID.encryptedData),
    explicit(0, seq(int(0), seq(oid(OID.data), encCerts.algorithm, tlv(0x80, encCerts.ciphertext)))),
  );
  const pkcs8 = id.privateKey.export({ type: 'pkcs8', format: 'der' });
  const encKey = pbes2Encrypt(pkcs8, passphrase, iterations);
  const keyBag = seq(
    oid(OID.pkcs8ShroudedKeyBag),
    explicit(0, seq(encKey.algorithm, octets(encKey.ciphertext))),
    attrs,
  );
  const authSafe = seq(certsInfo, contentInfoData(seq(keyBag)));
  const macSalt = randomBytes(16);
  const macKey = pkcs12Kdf(passphrase, macSalt, 3, iterations, 32, 'sha256');
  const mac = createHmac('sha256', macKey).update(authSafe).digest();
  const macData = seq(seq(seq(oid(OID.sha256), nullValue()), octets(mac)), octets(macSalt), int(iterations));
  return seq(int(3), contentInfoData(authSafe), macData);
}

/** Reads a PKCS#12 file; a wrong passphrase or a damaged file is an error that says which. */
export function readPkcs12(bytes: Buffer, passphrase: string): Pkcs12Contents {
  let pfx: Node;
  try {
    pfx = parseAll(bytes);
  } catch (err) {
    throw new Error(`not a PKCS#12 file (${(err as Error).message})`);
  }
  if (pfx.tag !== TAG.SEQUENCE || readInt(child(pfx, 0, 'version')) !== 3) {
    throw new Error('not a PKCS#12 file (expected version 3)');
  }
  const authSafeInfo = child(pfx, 1, 'authSafe');
  if (readOid(child(authSafeInfo, 0, 'authSafe type')) !== OID.data) {
    throw new Error('PKCS#12 files signed with a public key are not supported; export one protected by a password');
  }
  const authSafe = child(child(authSafeInfo, 1, 'authSafe content'), 0, 'authSafe octets').content;
  const macData = pfx.children[2];
  if (!macData) throw new Error('the PKCS#12 file has no integrity MAC: refused');
  checkMac(macData, authSafe, passphrase);

  const keys: Buffer[] = [];
  const certs: Buffer[] = [];
  for (const info of parseAll(authSafe).children) {
    const type = readOid(child(info, 0, 'content type'));
    const content = child(info, 1, 'content');
    let safeContents: Buffer;
    if (type === OID.data) safeContents = child(content, 0, 'data').content;
    else if (type === OID.encryptedData) {
      const eci = child(child(content, 0, 'EncryptedData'), 1, 'EncryptedContentInfo');
      safeContents = pbeDecrypt(child(eci, 1, 'algorithm'), child(eci, 2, 'encrypted content').content, passphrase);
    } else throw new Error(`unsupported PKCS#12 content type ${type}`);
    for (const bag of parseAll(safeContents).children) {
      const bagType = readOid(child(bag, 0, 'bag type'));
      const value = child(child(bag, 1, 'bag value'), 0, 'bag value');
      if (bagType === OID.keyBag) keys.push(value.der);
      else if (bagType === OID.pkcs8ShroudedKeyBag) {
        keys.push(pbeDecrypt(child(value, 0, 'key algorithm'), child(value, 1, 'encrypted key').content, passphrase));
      } else if (bagType === OID.certBag && readOid(child(value, 0, 'cert type')) === OID.x509Certificate) {
        certs.push(child(child(value, 1, 'certificate'), 0, 'certificate octets').content);
      }
    }
  }
  if (keys.length !== 1) throw new Error(`expected one private key in the PKCS#12 file, found ${keys.length}`);
  const privateKey = createPrivateKey({ key: keys[0]!, format: 'der', type: 'pkcs8' });
  return { privateKey, ...orderChain(privateKey, certs) };
}

function checkMac(macData: Node, authSafe: Buffer, passphrase: string): void {
  const digestInfo = child(macData, 0, 'MAC digest');
  const digestOid = readOid(child(child(digestInfo, 0, 'MAC algorithm'), 0, 'MAC algorithm'));
  const digest: Digest | undefined = DIGEST_BY_OID[digestOid];
  if (!digest) throw new Error(`unsupported PKCS#12 MAC digest ${digestOid}`);
  const expected = child(digestInfo, 1, 'MAC value').content;
  const salt = child(macData, 1, 'MAC salt').content;
  const iterations = macData.children[2] ? readInt(macData.children[2]) : 1;
  const size = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 }[digest];
  const key = pkcs12Kdf(passphrase, salt, 3, iterations, size, digest);
  const actual = createHmac(digest, key).update(authSafe).digest();
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw new Error('wrong passphrase, or the PKCS#12 file was altered (its integrity MAC does not match)');
  }
}

/** The key's own certificate, then the issuers above it in order; unrelated certificates are dropped. */
function orderChain(key: KeyObject, certs: Buffer[]): { certificate: Buffer; chain: Buffer[] } {
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const leaf = certs.find((c) => readCertificate(c).spki.equals(spki));
  if (!leaf) throw new Error('the PKCS#12 file holds no certificate for its private key');
  const chain: Buffer[] = [];
  let current = readCertificate(leaf);
  while (!current.issuer.equals(current.subject) && chain.length < 10) {
    const issuerDer = certs.find((c) => readCertificate(c).subject.equals(current.issuer) && !chain.includes(c));
    if (!issuerDer || issuerDer === leaf) break;
    chain.push(issuerDer);
    current = readCertificate(issuerDer);
  }
  return { certificate: leaf, chain };
}

// sslyze 1.x/2.x `--xml_out` reports (<document SSLyzeVersion=…><results><target …>), read as a stream: one
// observation per <target>, with accepted protocol versions and suites, vulnerabilities and certificate problems.
import { xmlParser } from '../xml';
import { ParseError, type FormatSpec, type ImportSink } from '../types';
import { weakKeyReason } from './cipher-strength';
import { CERT_ISSUE, clip, Endpoint, EndpointEmitter, portNumber, VULN } from './endpoint';
import type { TlsProtocol } from './protocol-names';

const CIPHER_SECTIONS: Record<string, TlsProtocol> = {
  sslv2: 'SSLv2',
  sslv3: 'SSLv3',
  tlsv1: 'TLSv1.0',
  tlsv1_1: 'TLSv1.1',
  tlsv1_2: 'TLSv1.2',
  tlsv1_3: 'TLSv1.3',
};

// Sections read for findings, and sections knowingly skipped: resumption, early data, HTTP headers (HSTS/HPKP)
// and the downgrade-protection flag do not bear on Requirement 1.2.6 evidence.
const READ_SECTIONS = new Set(['certinfo', 'compression', 'heartbleed', 'openssl_ccs', 'reneg', 'robot']);
const SKIPPED_SECTIONS = new Set(['fallback', 'resum', 'resum_rate', 'early_data', 'http_headers', 'hsts', 'hpkp']);

const isTrue = (v: string | undefined) => v === 'True' || v === 'true' || v === '1';
const isFalse = (v: string | undefined) => v === 'False' || v === 'false' || v === '0';

interface CertState {
  certIndex: number;
  subject: string;
  notAfter: string;
  keyWeak: string | null;
  validations: string[];
}

export const sslyzeXml: FormatSpec = {
  id: 'sslyze-xml',
  label: 'sslyze XML',
  family: 'tls',
  parserVersion: '1',
  detector: 'XML root <document> with an SSLyzeVersion attribute',
  detect(head) {
    return /<document\b[^>]*\bSSLyzeVersion\s*=/.test(head) ? 0.95 : 0;
  },
  needsHostName: false,
  create(sink) {
    return createParser(sink);
  },
};

function createParser(sink: ImportSink) {
  const emitter = new EndpointEmitter(sink);
  let target: Endpoint | null = null;
  let cert: CertState | null = null;
  let invalidAttrs: Record<string, string> = {};
  const note = (what: string) => sink.note({ line: null, column: null, what: clip(what, 200) });

  return xmlParser(
    {
      open(name, attrs, path) {
        const depth = path.length;
        if (depth === 0) {
          if (attrs.SSLyzeVersion === undefined)
            throw new ParseError('expected <document> to have an SSLyzeVersion attribute (sslyze XML)');
          sink.meta('scanner', 'sslyze');
          sink.meta('scanner.version', attrs.SSLyzeVersion);
          return;
        }
        if (depth === 1) {
          if (name !== 'results' && name !== 'invalidTargets') note(`unrecognised element <${name}> in <document>`);
          return;
        }
        if (name === 'invalidTarget') {
          invalidAttrs = attrs;
          return;
        }
        if (depth === 2 && path[1] === 'results') {
          if (name !== 'target') {
            note(`unrecognised element <${name}> in <results>`);
            return;
          }
          const port = portNumber(attrs.port);
          if (port === null || (!attrs.host && !attrs.ip))
            throw new ParseError('expected <target> to have host and port attributes');
          target = new Endpoint(attrs.host ?? null, attrs.ip ?? null, port);
          setService(target, attrs.tlsWrappedProtocol ?? '');
          cert = { certIndex: 0, subject: '', notAfter: '', keyWeak: null, validations: [] };
          return;
        }
        if (!target || path[2] !== 'target') return;
        const section = depth === 3 ? name : (path[3] ?? '');
        if (depth === 3) {
          openSection(name, attrs, target, note);
          return;
        }
        readInSection(section, name, attrs, path, target, cert, note);
      },
      close(name, text, path) {
        if (name === 'invalidTarget') {
          note(`sslyze could not scan ${text.trim()}: ${invalidAttrs.error ?? 'invalid target'}`);
          return;
        }
        if (!target) return;
        if (cert && path[3] === 'certinfo' && path[4] === 'receivedCertificateChain' && path[5] === 'certificate') {
          // Only the leaf (first certificate) describes the server.
          if (cert.certIndex === 1 && name === 'subject') cert.subject = text.trim();
          if (cert.certIndex === 1 && name === 'notAfter') cert.notAfter = text.trim();
        }
        if (name === 'target' && path.length === 2) {
          if (cert) certificateFacts(cert, target);
          emitter.emit(target);
          target = null;
          cert = null;
        }
      },
    },
    ['document'],
  );
}

function setService(e: Endpoint, wrapped: string): void {
  const w = wrapped.toLowerCase();
  if (w === 'https') e.service = 'https';
  else if (w.startsWith('starttls_')) {
    // STARTTLS: the service itself is cleartext and only offers TLS.
    e.service = w.slice('starttls_'.length);
    e.tunnel = null;
  }
}

function openSection(name: string, attrs: Record<string, string>, e: Endpoint, note: (what: string) => void): void {
  if (attrs.exception !== undefined) {
    note(`sslyze ${attrs.title ?? name} failed on ${e.label}: ${attrs.exception}`);
    return;
  }
  const proto = CIPHER_SECTIONS[name];
  if (proto) {
    if (isTrue(attrs.isProtocolSupported)) e.protocol(proto, `sslyze:${name}`, `${proto}: isProtocolSupported="True"`);
    return;
  }
  if (!READ_SECTIONS.has(name) && !SKIPPED_SECTIONS.has(name))
    note(`unrecognised sslyze section <${name}> in <target> ${e.label}`);
}

function readInSection(
  section: string,
  name: string,
  attrs: Record<string, string>,
  path: readonly string[],
  e: Endpoint,
  cert: CertState | null,
  note: (what: string) => void,
): void {
  const source = `sslyze:${section}`;
  const proto = CIPHER_SECTIONS[section];
  if (proto && name === 'cipherSuite') {
    const list = path[4];
    if (list === 'acceptedCipherSuites' || list === 'preferredCipherSuite') {
      if (!attrs.name) throw new ParseError('expected <cipherSuite> to have a name attribute');
      const detail = attrs.keySize ? `${attrs.keySize} bits` : '';
      e.cipher(attrs.name, proto, source, detail, isTrue(attrs.anonymous) ? 'sslyze: anonymous suite' : null);
    } else if (list === 'errors') {
      note(
        `sslyze could not test ${attrs.name ?? 'a suite'} with ${proto} on ${e.label}: ${attrs.connectionStatus ?? 'error'}`,
      );
    }
    // rejectedCipherSuites: refused by the server, nothing in use.
    return;
  }
  switch (name) {
    case 'openSslHeartbleed':
      if (isTrue(attrs.isVulnerable)) e.fact('vuln', VULN.heartbleed, source, 'openSslHeartbleed isVulnerable="True"');
      return;
    case 'openSslCcsInjection':
      if (isTrue(attrs.isVulnerable)) e.fact('vuln', VULN.ccs, source, 'openSslCcsInjection isVulnerable="True"');
      return;
    case 'robotAttack':
      if ((attrs.resultEnum ?? '').startsWith('VULNERABLE'))
        e.fact('vuln', VULN.robot, source, `robotAttack resultEnum="${attrs.resultEnum}"`);
      return;
    case 'sessionRenegotiation':
      if (isFalse(attrs.isSecure))
        e.fact('vuln', VULN.secureRenegotiationMissing, source, 'sessionRenegotiation isSecure="False"');
      if (isTrue(attrs.canBeClientInitiated)) {
        e.fact('vuln', VULN.clientRenegotiation, source, 'sessionRenegotiation canBeClientInitiated="True"');
      }
      return;
    case 'compressionMethod':
      if (isTrue(attrs.isSupported))
        e.fact('vuln', VULN.crime, source, `compressionMethod ${attrs.type ?? ''} isSupported="True"`);
      return;
  }
  if (section !== 'certinfo' || !cert) return;
  if (name === 'certificate' && path[4] === 'receivedCertificateChain' && path.length === 5) cert.certIndex++;
  else if (name === 'publicKey' && path[4] === 'receivedCertificateChain' && cert.certIndex === 1) {
    cert.keyWeak = weakKeyReason(attrs.algorithm ?? '', attrs.size ? Number(attrs.size) : null);
  } else if (name === 'hostnameValidation' && isFalse(attrs.certificateMatchesServerHostname)) {
    e.fact(
      'tls.certificate',
      CERT_ISSUE.hostnameMismatch,
      source,
      `certificate does not match ${attrs.serverHostname ?? 'the host name'}`,
    );
  } else if (name === 'pathValidation') {
    cert.validations.push(`${attrs.usingTrustStore ?? '?'}: ${attrs.validationResult ?? '?'}`);
  } else if (name === 'verifiedCertificateChain' && isTrue(attrs.hasSha1SignedCertificate)) {
    e.fact(
      'tls.certificate',
      CERT_ISSUE.weakSignature,
      source,
      'verifiedCertificateChain hasSha1SignedCertificate="True"',
    );
  }
}

function certificateFacts(cert: CertState, e: Endpoint): void {
  const source = 'sslyze:certinfo';
  const about = `certificate ${cert.subject || '?'}${cert.notAfter ? `, not after ${cert.notAfter}` : ''}`;
  if (cert.keyWeak) e.fact('tls.certificate', CERT_ISSUE.weakKey, source, `${about}: public key ${cert.keyWeak}`);
  const failed = cert.validations.filter((v) => !/: ok$/i.test(v));
  if (cert.validations.length > 0 && failed.length === cert.validations.length) {
    const errors = failed.join('; ');
    const why = `${about}: validation failed: ${errors}`;
    if (/self[- ]signed/i.test(errors)) e.fact('tls.certificate', CERT_ISSUE.selfSigned, source, why);
    if (/expired/i.test(errors)) e.fact('tls.certificate', CERT_ISSUE.expired, source, why);
    if (!/self[- ]signed|expired/i.test(errors)) e.fact('tls.certificate', CERT_ISSUE.untrusted, source, why);
  }
}

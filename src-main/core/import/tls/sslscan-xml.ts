// sslscan `--xml=` reports (<document title="SSLScan Results"><ssltest host port>…), 2.x with <protocol> elements
// and 1.x without them (the versions then come from the accepted suites), read as a stream: one observation
// per <ssltest>.
import { xmlParser } from '../xml';
import { ParseError, type FormatSpec, type ImportSink } from '../types';
import { weakKeyReason } from './cipher-strength';
import { CERT_ISSUE, clip, Endpoint, EndpointEmitter, portNumber, VULN } from './endpoint';
import { normaliseTlsProtocol, type TlsProtocol } from './protocol-names';

// sslscan's own grades that mean "do not use": red (null, anonymous, weak) and yellow (medium: 3DES, IDEA…).
const WEAK_STRENGTHS = new Set(['null', 'anonymous', 'weak', 'medium']);
// Statuses of suites the server refused (sslscan 1.x --failed); nothing in use.
const REFUSED = new Set(['rejected', 'failed', 'not accepted']);
// <ssltest> children knowingly skipped: key-exchange groups, signature algorithms, the downgrade-protection flag
// (only meaningful beside an old protocol, which is recorded anyway) and the client's own cipher list.
const SKIPPED = new Set(['group', 'fallback', 'connection-signature-algorithm', 'client-cipher', 'sigalgs']);

interface TestState {
  endpoint: Endpoint;
  sawProtocolElement: boolean;
  inferred: TlsProtocol[];
  sawResult: boolean;
  certificates: number;
  cert: Record<string, string>;
}

export const sslscanXml: FormatSpec = {
  id: 'sslscan-xml',
  label: 'sslscan XML',
  family: 'tls',
  parserVersion: '1',
  detector: 'XML root <document title="SSLScan Results"> (or an sslscan web attribute) holding <ssltest> elements',
  detect(head) {
    if (/<document\b[^>]*\btitle\s*=\s*"SSLScan Results"/i.test(head)) return 0.95;
    return /<document\b[^>]*\bweb\s*=\s*"[^"]*sslscan/i.test(head) && /<ssltest\b/.test(head) ? 0.9 : 0;
  },
  needsHostName: false,
  create(sink) {
    return createParser(sink);
  },
};

function createParser(sink: ImportSink) {
  const emitter = new EndpointEmitter(sink);
  let test: TestState | null = null;
  const note = (what: string) => sink.note({ line: null, column: null, what: clip(what, 200) });

  return xmlParser(
    {
      open(name, attrs, path) {
        const depth = path.length;
        if (depth === 0) {
          sink.meta('scanner', 'sslscan');
          if (attrs.version) sink.meta('scanner.version', attrs.version);
          return;
        }
        if (depth === 1) {
          if (name === 'ssltest') {
            const port = portNumber(attrs.port);
            if (port === null || !attrs.host)
              throw new ParseError('expected <ssltest> to have host and port attributes');
            const endpoint = new Endpoint(attrs.host, null, port);
            test = { endpoint, sawProtocolElement: false, inferred: [], sawResult: false, certificates: 0, cert: {} };
          } else if (name !== 'error') note(`unrecognised element <${name}> in <document>`);
          return;
        }
        if (!test || path[1] !== 'ssltest') return;
        if (depth === 2) readTestChild(name, attrs, test, note);
        else if (name === 'pk' && test.certificates === 1) {
          test.cert.pkType = attrs.type ?? '';
          test.cert.pkBits = attrs.bits ?? '';
        }
        if (name === 'certificate') test.certificates++;
      },
      close(name, text, path) {
        if (name === 'error') {
          note(`sslscan error: ${text.trim()}`);
          return;
        }
        if (!test) return;
        // Certificate details: direct children of the first <certificate> (sslscan 1.x puts it in <ssltest>,
        // 2.x in <certificates>).
        const parent = path[path.length - 1];
        if (parent === 'certificate' && test.certificates === 1) test.cert[name] = text.trim();
        if (name === 'ssltest' && path.length === 1) {
          finishTest(test, emitter, note);
          test = null;
        }
      },
    },
    ['document'],
  );
}

function readTestChild(name: string, attrs: Record<string, string>, t: TestState, note: (what: string) => void): void {
  const e = t.endpoint;
  switch (name) {
    case 'protocol': {
      t.sawProtocolElement = true;
      t.sawResult = true;
      const proto = normaliseTlsProtocol(`${attrs.type ?? ''}${attrs.version ?? ''}`);
      if (!proto)
        note(`unrecognised <protocol type="${attrs.type ?? ''}" version="${attrs.version ?? ''}"> on ${e.label}`);
      else if (attrs.enabled === '1')
        e.protocol(proto, 'sslscan', `<protocol type="${attrs.type}" version="${attrs.version}" enabled="1">`);
      return;
    }
    case 'cipher':
    case 'defaultcipher': {
      const status = (attrs.status ?? (name === 'defaultcipher' ? 'preferred' : '')).toLowerCase();
      if (REFUSED.has(status)) return;
      if (status !== 'accepted' && status !== 'preferred') {
        note(`unrecognised <${name} status="${status}"> on ${e.label}`);
        return;
      }
      if (!attrs.cipher) throw new ParseError(`expected <${name}> to have a cipher attribute`);
      t.sawResult = true;
      const proto = normaliseTlsProtocol(attrs.sslversion ?? '');
      if (proto && !t.inferred.includes(proto)) t.inferred.push(proto);
      const strength = (attrs.strength ?? '').toLowerCase();
      const detail = [attrs.bits ? `${attrs.bits} bits` : null, strength ? `strength ${strength}` : null]
        .filter(Boolean)
        .join(', ');
      e.cipher(
        attrs.cipher,
        proto,
        'sslscan',
        detail,
        WEAK_STRENGTHS.has(strength) ? `sslscan strength="${strength}"` : null,
      );
      return;
    }
    case 'heartbleed':
      t.sawResult = true;
      if (attrs.vulnerable === '1')
        e.fact('vuln', VULN.heartbleed, 'sslscan', `heartbleed vulnerable="1" with ${attrs.sslversion ?? '?'}`);
      return;
    case 'renegotiation':
      t.sawResult = true;
      if (attrs.supported === '1' && attrs.secure === '0') {
        e.fact(
          'vuln',
          VULN.secureRenegotiationMissing,
          'sslscan',
          'renegotiation supported="1" secure="0" (insecure renegotiation)',
        );
      }
      return;
    case 'compression':
      t.sawResult = true;
      if (attrs.supported === '1') e.fact('vuln', VULN.crime, 'sslscan', 'compression supported="1"');
      return;
    case 'certificate':
    case 'certificates':
      t.sawResult = true;
      return;
    default:
      if (!SKIPPED.has(name)) note(`unrecognised element <${name}> in <ssltest> ${e.label}`);
  }
}

function finishTest(t: TestState, emitter: EndpointEmitter, note: (what: string) => void): void {
  const e = t.endpoint;
  if (!t.sawResult) {
    note(`sslscan reported nothing for ${e.label} (no protocol, suite or certificate: the connection likely failed)`);
    return;
  }
  if (!t.sawProtocolElement) {
    for (const p of t.inferred)
      e.protocol(p, 'sslscan', `${p} inferred from accepted suites (sslscan 1.x writes no <protocol> element)`);
  }
  const c = t.cert;
  if (t.certificates > 0) {
    const about = `certificate ${c.subject ?? '?'}${c['not-valid-after'] ? `, not after ${c['not-valid-after']}` : ''}`;
    if (c.expired === 'true')
      e.fact('tls.certificate', CERT_ISSUE.expired, 'sslscan', `${about}: <expired>true</expired>`);
    if (c['self-signed'] === 'true')
      e.fact('tls.certificate', CERT_ISSUE.selfSigned, 'sslscan', `${about}: <self-signed>true</self-signed>`);
    const weak = weakKeyReason(c.pkType || c['pk-algorithm'] || '', c.pkBits ? Number(c.pkBits) : null);
    if (weak) e.fact('tls.certificate', CERT_ISSUE.weakKey, 'sslscan', `${about}: public key ${weak}`);
    if (/^(sha1|md5|md2)/i.test(c['signature-algorithm'] ?? '')) {
      e.fact('tls.certificate', CERT_ISSUE.weakSignature, 'sslscan', `${about}: signature ${c['signature-algorithm']}`);
    }
  }
  emitter.emit(e);
}

// sslscan XML: the corpus file (1.11.13, no <protocol> elements), real sslscan 2.0.7 output (trimmed) and a
// hand-written 1.x report; hostile XML refused without expanding anything.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sslscanXml } from '../../src-main/core/import/tls/sslscan-xml';
import { ParseError } from '../../src-main/core/import/types';
import type { Observation } from '../../src-main/core/model/observation';
import { corpus, corpusAvailable, importInto, parseWith } from './import-helpers';

const values = (o: Observation | undefined, key: string) =>
  (o?.facts ?? []).filter((f) => f.key === key).map((f) => f.value);

/*
 * Real output, trimmed to 11 of 91 <cipher> lines and 1 of 15 <group> lines (otherwise verbatim):
 * `sslscan --xml=s1.xml 127.0.0.1:44330` (sslscan 2.0.7 from Debian 12) against `openssl s_server -accept
 * 127.0.0.1:44330 -www -cipher 'ALL:@SECLEVEL=0' -min_protocol TLSv1` with a self-signed, expired RSA-1024
 * certificate.
 */
const SSLSCAN_2 = `<?xml version="1.0" encoding="UTF-8"?>
<document title="SSLScan Results" version="2.0.7" web="http://github.com/rbsec/sslscan">
 <ssltest host="127.0.0.1" sniname="127.0.0.1" port="44330">
  <protocol type="ssl" version="2" enabled="0" />
  <protocol type="ssl" version="3" enabled="0" />
  <protocol type="tls" version="1.0" enabled="1" />
  <protocol type="tls" version="1.1" enabled="1" />
  <protocol type="tls" version="1.2" enabled="1" />
  <protocol type="tls" version="1.3" enabled="1" />
  <renegotiation supported="1" secure="1" />
  <heartbleed sslversion="TLSv1.3" vulnerable="0" />
  <heartbleed sslversion="TLSv1.2" vulnerable="0" />
  <heartbleed sslversion="TLSv1.1" vulnerable="0" />
  <heartbleed sslversion="TLSv1.0" vulnerable="0" />
  <cipher status="preferred" sslversion="TLSv1.3" bits="128" cipher="TLS_AES_128_GCM_SHA256" id="0x1301" strength="acceptable" curve="25519" ecdhebits="253" />
  <cipher status="accepted" sslversion="TLSv1.3" bits="256" cipher="TLS_AES_256_GCM_SHA384" id="0x1302" strength="acceptable" curve="25519" ecdhebits="253" />
  <cipher status="accepted" sslversion="TLSv1.3" bits="256" cipher="TLS_CHACHA20_POLY1305_SHA256" id="0x1303" strength="acceptable" curve="25519" ecdhebits="253" />
  <cipher status="preferred" sslversion="TLSv1.2" bits="256" cipher="ECDHE-RSA-AES256-GCM-SHA384" id="0xC030" strength="strong" curve="25519" ecdhebits="253" />
  <cipher status="accepted" sslversion="TLSv1.2" bits="256" cipher="ADH-AES256-SHA" id="0x003A" strength="anonymous" dhebits="3072" />
  <cipher status="accepted" sslversion="TLSv1.1" bits="256" cipher="ADH-AES256-SHA" id="0x003A" strength="anonymous" dhebits="3072" />
  <cipher status="preferred" sslversion="TLSv1.0" bits="256" cipher="ECDHE-RSA-AES256-SHA" id="0xC014" strength="acceptable" curve="25519" ecdhebits="253" />
  <cipher status="accepted" sslversion="TLSv1.0" bits="256" cipher="ADH-AES256-SHA" id="0x003A" strength="anonymous" dhebits="3072" />
  <cipher status="accepted" sslversion="TLSv1.0" bits="256" cipher="ADH-CAMELLIA256-SHA" id="0x0089" strength="anonymous" dhebits="3072" />
  <cipher status="accepted" sslversion="TLSv1.0" bits="128" cipher="ECDHE-RSA-AES128-SHA" id="0xC013" strength="acceptable" curve="25519" ecdhebits="253" />
  <group sslversion="TLSv1.2" bits="128" name="x25519" id="0x001d" />
 <certificates>
  <certificate type="short">
   <signature-algorithm>sha256WithRSAEncryption</signature-algorithm>
   <pk error="false" type="RSA" bits="1024" />
   <subject><![CDATA[legacy.example.test]]></subject>
   <issuer><![CDATA[legacy.example.test]]></issuer>
   <self-signed>true</self-signed>
   <not-valid-before>Jan  1 00:00:00 2020 GMT</not-valid-before>
   <not-valid-after>Jan  1 00:00:00 2021 GMT</not-valid-after>
   <expired>true</expired>
  </certificate>
 </certificates>
 </ssltest>
</document>
`;

// Hand-written in the sslscan 1.8 layout (Titania): no <protocol>, TLSv1 spelling, <defaultcipher>, rejected
// suites listed (--failed), certificate details directly in <ssltest>; a second test that produced nothing.
const SSLSCAN_1 = `<?xml version="1.0" encoding="UTF-8"?>
<document title="SSLScan Results" version="1.8.2" web="http://www.titania.co.uk">
 <ssltest host="192.0.2.20" port="8443">
  <cipher status="accepted" sslversion="SSLv3" bits="128" cipher="RC4-MD5" />
  <cipher status="rejected" sslversion="SSLv3" bits="56" cipher="DES-CBC-SHA" />
  <cipher status="accepted" sslversion="TLSv1" bits="40" cipher="EXP-RC4-MD5" />
  <cipher status="accepted" sslversion="TLSv1" bits="256" cipher="AES256-SHA" />
  <defaultcipher sslversion="TLSv1" bits="256" cipher="AES256-SHA" />
  <certificate>
   <version>2</version>
   <signature-algorithm>sha1WithRSAEncryption</signature-algorithm>
   <subject><![CDATA[<script>alert(1)</script>]]></subject>
   <pk-algorithm>rsaEncryption</pk-algorithm>
   <pk error="false" type="RSA" bits="1024">-----BEGIN PUBLIC KEY-----</pk>
  </certificate>
  <futurething/>
 </ssltest>
 <ssltest host="down.example.test" port="443">
 </ssltest>
</document>
`;

describe.skipIf(!corpusAvailable)('sslscan XML 1.11.13 (corpus tls/sslscan-many-vuln.xml)', () => {
  const file = () => corpus('tls/sslscan-many-vuln.xml');

  it('infers the protocol from accepted suites and records heartbleed and the expired certificate', () => {
    const out = parseWith(sslscanXml, readFileSync(file()), {}, 4093);
    expect(parseWith(sslscanXml, readFileSync(file()), {}, 7)).toEqual(out);
    // xmllint --xpath 'count(//ssltest)' -> 1; host is a name, sslscan reports no address.
    expect(out.observations.map((o) => [o.hostIp, o.hostNames, o.port, o.service, o.tunnel, o.state])).toEqual([
      [null, ['www.target.com'], 443, 'ssl', 'ssl', 'open'],
    ]);
    const o = out.observations[0];
    // count(//protocol) -> 0; //cipher[@status='accepted' or @status='preferred']/@sslversion -> only TLSv1.2
    expect(values(o, 'tls.protocol')).toEqual(['TLSv1.2']);
    expect(o?.facts.find((f) => f.key === 'tls.protocol')?.evidence).toMatch(/inferred from accepted suites/);
    // count(//cipher[@status='accepted' or @status='preferred']) -> 8 (the "not accepted" weak one is refused)
    expect(values(o, 'tls.cipher')).toHaveLength(8);
    expect(values(o, 'tls.cipher')).not.toContain('DHE-RSA-AES256-SHA256');
    expect(values(o, 'tls.cipher.weak')).toEqual([]);
    // count(//heartbleed[@vulnerable='1']) -> 1; renegotiation supported="0"; compression supported="0"
    expect(values(o, 'vuln')).toEqual(['heartbleed']);
    // string(//expired) -> true; self-signed false; RSA 2048; sha256WithRSAEncryption
    expect(values(o, 'tls.certificate')).toEqual(['expired']);
    expect(out.meta).toEqual({ scanner: 'sslscan', 'scanner.version': '1.11.13-static' });
    expect(out.notes).toEqual([]);
  });

  it('imports through the runner by detection', async () => {
    const { store, result } = await importInto(file());
    expect(result).toMatchObject({ format: 'sslscan-xml', observationCount: 1, hostCount: 1, noteCount: 0 });
    store.close();
  });

  it('truncated copies fail with a line number', () => {
    const text = readFileSync(file(), 'utf8');
    for (const at of [100, 700, 1500, text.length - 5]) {
      expect(() => parseWith(sslscanXml, text.slice(0, at)), `cut at ${at}`).toThrow(ParseError);
      try {
        parseWith(sslscanXml, text.slice(0, at));
      } catch (e) {
        expect((e as ParseError).line).toBeGreaterThanOrEqual(text.slice(0, at).split('\n').length - 1);
      }
    }
  });
});

describe('sslscan XML 2.0.7 (real output, trimmed)', () => {
  it('reads <protocol> elements, grades and the certificate block', () => {
    const out = parseWith(sslscanXml, SSLSCAN_2, {}, 7);
    expect(out.observations).toHaveLength(1);
    const o = out.observations[0];
    expect(o).toMatchObject({ hostIp: '127.0.0.1', hostNames: [], port: 44330, service: 'ssl', tunnel: 'ssl' });
    // grep -c 'enabled="1"' -> 4
    expect(values(o, 'tls.protocol')).toEqual(['TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
    // 11 <cipher> lines, 8 distinct cipher="…" values; 2 distinct with strength="anonymous"
    expect(values(o, 'tls.cipher')).toHaveLength(8);
    expect(values(o, 'tls.cipher.weak')).toEqual(['ADH-AES256-SHA', 'ADH-CAMELLIA256-SHA']);
    expect(o?.facts.find((f) => f.value === 'ADH-AES256-SHA' && f.key === 'tls.cipher.weak')?.evidence).toBe(
      'ADH-AES256-SHA with TLSv1.2, TLSv1.1, TLSv1.0: sslscan strength="anonymous"; anonymous by name',
    );
    expect(values(o, 'vuln')).toEqual([]);
    expect(values(o, 'tls.certificate')).toEqual(['expired', 'self-signed', 'weak key']);
    expect(out.meta).toEqual({ scanner: 'sslscan', 'scanner.version': '2.0.7' });
    expect(out.notes).toEqual([]);
  });
});

describe('sslscan XML 1.x layout (hand-written)', () => {
  it('infers protocols, skips refused suites, and notes what it does not know', () => {
    const out = parseWith(sslscanXml, SSLSCAN_1, {}, 7);
    expect(out.observations).toHaveLength(1);
    const o = out.observations[0];
    expect(o).toMatchObject({ hostIp: '192.0.2.20', port: 8443 });
    expect(values(o, 'tls.protocol')).toEqual(['SSLv3', 'TLSv1.0']);
    expect(values(o, 'tls.cipher')).toEqual(['RC4-MD5', 'EXP-RC4-MD5', 'AES256-SHA']);
    expect(values(o, 'tls.cipher.weak')).toEqual(['RC4-MD5', 'EXP-RC4-MD5']);
    expect(values(o, 'tls.certificate')).toEqual(['weak key', 'weak signature']);
    // Markup from the certificate is kept as text in the evidence, never interpreted.
    expect(o?.facts.find((f) => f.value === 'weak key')?.evidence).toBe(
      'certificate <script>alert(1)</script>: public key RSA 1024 bits',
    );
    expect(out.notes.map((n) => n.what)).toEqual([
      'unrecognised element <futurething> in <ssltest> 192.0.2.20:8443',
      'sslscan reported nothing for down.example.test:443 (no protocol, suite or certificate: the connection likely failed)',
    ]);
  });
});

describe('sslscan XML: hostile and wrong input', () => {
  it('refuses entity declarations, other documents, empty input and junk', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
<document title="SSLScan Results"><ssltest host="&b;" port="443"/></document>`;
    const xxe = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<document title="SSLScan Results"><ssltest host="&xxe;" port="443"/></document>`;
    expect(() => parseWith(sslscanXml, laughs)).toThrow(/entity declarations are refused/);
    expect(() => parseWith(sslscanXml, xxe)).toThrow(/entity declarations are refused/);
    expect(() => parseWith(sslscanXml, '')).toThrow(/no XML element found/);
    expect(() => parseWith(sslscanXml, Buffer.from([0x3c, 0x64, 0, 0]))).toThrow(/binary data/);
    expect(() => parseWith(sslscanXml, '<?xml version="1.0"?><nmaprun scanner="nmap"></nmaprun>')).toThrow(
      /expected <document> as the root element, found <nmaprun>/,
    );
    expect(() => parseWith(sslscanXml, '{"banner": {}}')).toThrow(ParseError);
    expect(() => parseWith(sslscanXml, '<document><ssltest host="a"></ssltest></document>')).toThrow(
      /host and port attributes/,
    );
    expect(() =>
      parseWith(sslscanXml, '<document><ssltest host="a" port="443"><cipher status="accepted" /></ssltest></document>'),
    ).toThrow(/expected <cipher> to have a cipher attribute/);
  });
});

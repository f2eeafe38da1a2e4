// testssl.sh JSON reports: `--jsonfile` (a flat array of {id, ip: "fqdn/ip", port, severity, finding, cve, cwe})
// and `--jsonfile-pretty` ({Invocation, version, startTime, scanResult: [{targetHost, ip, port, protocols: […],
// ciphers: […], vulnerabilities: […], …}]}); the findings go to the shared testssl finding reader.
import { jsonDocumentParser } from '../json';
import { ParseError, type FormatSpec, type ImportSink } from '../types';
import { clip, isoUtc } from './endpoint';
import { isObject, str, type JsonObject } from './json-fields';
import { splitTarget, TestsslCollector } from './testssl-findings';

const WHAT = 'a testssl.sh --jsonfile array of findings or a --jsonfile-pretty object with "scanResult"';

// Per-target fields of the pretty layout that are not finding lists.
const TARGET_FIELDS = new Set(['targetHost', 'ip', 'port', 'rDNS', 'service', 'hostname']);
const TOP_FIELDS = new Set(['Invocation', 'at', 'version', 'openssl', 'startTime', 'scanResult', 'scanTime']);

export const testsslJson: FormatSpec = {
  id: 'testssl-json',
  label: 'testssl.sh JSON',
  family: 'tls',
  parserVersion: '1',
  detector:
    'JSON array whose first object has "id" then "ip": "host/address" then "port" (--jsonfile), or an object with "Invocation"/"scanResult" and "targetHost" (--jsonfile-pretty)',
  detect(head) {
    if (/^\s*\[\s*\{\s*"id"\s*:\s*"[^"]*"\s*,\s*"ip"\s*:\s*"[^"/]*\/[^"]*"\s*,\s*"port"\s*:/.test(head)) return 0.95;
    if (/^\s*\{/.test(head) && /"scanResult"\s*:\s*\[/.test(head) && /"(targetHost|Invocation)"\s*:/.test(head))
      return 0.95;
    return 0;
  },
  needsHostName: false,
  create(sink) {
    return jsonDocumentParser(WHAT, (doc) => readReport(doc, sink));
  },
};

function readReport(doc: unknown, sink: ImportSink): void {
  sink.meta('scanner', 'testssl.sh');
  const collector = new TestsslCollector(sink);
  if (Array.isArray(doc)) {
    doc.forEach((item, i) => {
      const f = finding(item, i);
      const { host, ip } = splitTarget(str(f, 'ip') ?? '');
      collector.row({ ...rowOf(f), host, ip, port: str(f, 'port') ?? '' });
    });
    collector.finish(null);
    return;
  }
  if (!isObject(doc) || !Array.isArray(doc.scanResult)) throw new ParseError(`expected ${WHAT}`, 1, 1);
  const version = str(doc, 'version');
  if (version) sink.meta('scanner.version', version.replace(/\s+from\s*$/, '').trim());
  const args = str(doc, 'Invocation');
  if (args) sink.meta('scan.args', clip(args, 500));
  const started = isoUtc(doc.startTime);
  if (started) sink.meta('scan.started', started);
  for (const key of Object.keys(doc)) {
    if (!TOP_FIELDS.has(key))
      sink.note({ line: null, column: null, what: `unrecognised testssl.sh report key "${clip(key, 60)}"` });
  }
  doc.scanResult.forEach((target, t) => {
    if (!isObject(target)) throw new ParseError(`expected scanResult[${t}] to be an object; expected ${WHAT}`);
    readTarget(target, t, collector, sink);
  });
  collector.finish(started);
}

function readTarget(target: JsonObject, t: number, collector: TestsslCollector, sink: ImportSink): void {
  const host = str(target, 'targetHost') ?? '';
  const ip = str(target, 'ip') ?? '';
  const port = str(target, 'port') ?? '';
  for (const [key, value] of Object.entries(target)) {
    if (TARGET_FIELDS.has(key)) continue;
    if (!Array.isArray(value)) {
      sink.note({ line: null, column: null, what: clip(`unrecognised field "${key}" in scanResult[${t}]`, 120) });
      continue;
    }
    value.forEach((item, i) =>
      collector.row({ ...rowOf(finding(item, i, `scanResult[${t}].${key}`)), host, ip, port }),
    );
  }
  // The pretty layout keeps the service name as a field rather than a finding.
  const service = str(target, 'service');
  if (service)
    collector.row({ id: 'service', host, ip, port, severity: 'INFO', finding: service, cve: '', line: null });
}

function finding(item: unknown, i: number, where = 'the array'): JsonObject {
  if (!isObject(item) || typeof item.id !== 'string') {
    throw new ParseError(`expected finding ${i} in ${where} to be an object with an "id"; expected ${WHAT}`);
  }
  return item;
}

function rowOf(f: JsonObject) {
  return {
    id: str(f, 'id') ?? '',
    severity: str(f, 'severity') ?? '',
    finding: str(f, 'finding') ?? '',
    cve: str(f, 'cve') ?? '',
    line: null,
  };
}

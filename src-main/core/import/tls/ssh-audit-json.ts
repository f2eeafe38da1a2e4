// ssh-audit `-j` reports: 3.x ({banner: {protocol: "2.0", software, raw}, target: "host:port", kex/key/enc/mac
// as {algorithm, notes: {fail, warn, info}}, cves, recommendations…}) and 2.x (protocol [2, 0], bare target,
// algorithms without notes). One observation per audited server; an array of reports (-T) gives several.
import { jsonDocumentParser } from '../json';
import { normaliseIp } from '../ip';
import { ParseError, type FormatSpec, type ImportSink } from '../types';
import { clip, Endpoint, EndpointEmitter, portNumber } from './endpoint';
import { arr, isObject, num, obj, str, type JsonObject } from './json-fields';
import { sshProtocolVersions } from './protocol-names';

const WHAT = 'an ssh-audit -j report (an object with "banner" and "kex"/"key"/"enc"/"mac" lists)';

const ALGORITHM_LISTS: Record<string, string> = {
  kex: 'ssh.kex',
  key: 'ssh.hostkey',
  enc: 'ssh.cipher',
  mac: 'ssh.mac',
};
// Fields knowingly not recorded: compression methods, host key fingerprints, the recommendations (they
// restate the fail/warn notes), policy results, and free-form notes.
const SKIPPED_FIELDS = new Set([
  'compression',
  'fingerprints',
  'recommendations',
  'additional_notes',
  'policy',
  'port',
]);

export const sshAuditJson: FormatSpec = {
  id: 'ssh-audit-json',
  label: 'ssh-audit JSON',
  family: 'tls',
  parserVersion: '1',
  detector: 'JSON with a "banner" object whose "raw" starts "SSH-" and "kex"/"enc"/"mac" lists',
  detect(head) {
    if (!/^\s*[[{]/.test(head)) return 0;
    const banner = /"banner"\s*:\s*\{/.test(head) && /"raw"\s*:\s*"SSH-/.test(head);
    return banner && /"(kex|enc|mac)"\s*:\s*\[/.test(head) ? 0.95 : 0;
  },
  needsHostName: false,
  create(sink) {
    return jsonDocumentParser(WHAT, (doc) => readDocument(doc, sink));
  },
};

function readDocument(doc: unknown, sink: ImportSink): void {
  const reports = Array.isArray(doc) ? doc : [doc];
  if (reports.length === 0 || !reports.every(isObject)) throw new ParseError(`expected ${WHAT}`, 1, 1);
  sink.meta('scanner', 'ssh-audit');
  const emitter = new EndpointEmitter(sink);
  reports.forEach((r, i) => emitter.emit(readReport(r as JsonObject, i, sink)));
}

/** Host and port from "host:port", "[v6]:port", a bare host or a bare IPv6 address. */
export function splitSshTarget(target: string): { host: string; port: number | null } {
  const t = target.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(t);
  if (bracketed) return { host: bracketed[1] ?? '', port: bracketed[2] ? portNumber(bracketed[2]) : null };
  if (normaliseIp(t)) return { host: t, port: null };
  const m = /^(.*):(\d+)$/.exec(t);
  return m ? { host: m[1] ?? '', port: portNumber(m[2]) } : { host: t, port: null };
}

function readReport(r: JsonObject, i: number, sink: ImportSink): Endpoint {
  const banner = obj(r, 'banner');
  if (!banner || !(arr(r, 'kex') || arr(r, 'enc') || arr(r, 'mac') || arr(r, 'key'))) {
    throw new ParseError(`expected report ${i} to have a "banner" object and algorithm lists; expected ${WHAT}`);
  }
  const target = str(r, 'target');
  const { host, port: targetPort } = splitSshTarget(target ?? '');
  let port = targetPort ?? portNumber(r.port);
  if (port === null) {
    port = 22;
    sink.note({
      line: null,
      column: null,
      what: `ssh-audit report ${i} (${target ?? 'no target'}) does not record the port (ssh-audit 2.x); port 22 assumed`,
    });
  }
  if (host === '') sink.note({ line: null, column: null, what: `ssh-audit report ${i} names no target host` });
  const e = new Endpoint(host || null, null, port);
  e.service = 'ssh';
  e.tunnel = null;

  const software = str(banner, 'software');
  if (software) {
    const cut = software.indexOf('_');
    e.product = cut > 0 ? software.slice(0, cut) : software;
    e.version = cut > 0 ? software.slice(cut + 1) : null;
  }
  e.extraInfo = str(banner, 'comments');
  const raw = str(banner, 'raw');
  if (raw) e.fact('banner', clip(raw, 255), 'ssh-audit', raw);
  for (const v of sshProtocolVersions(banner.protocol)) {
    e.fact(
      'ssh.protocol',
      v,
      'ssh-audit',
      `banner protocol ${JSON.stringify(banner.protocol)}${raw ? ` (${raw})` : ''}`,
    );
  }

  for (const [list, key] of Object.entries(ALGORITHM_LISTS)) {
    for (const item of arr(r, list) ?? []) readAlgorithm(list, key, item, e, sink);
  }
  for (const c of arr(r, 'cves') ?? []) {
    const name = isObject(c) ? str(c, 'name') : null;
    if (!name) continue;
    const cvss = num(c as JsonObject, 'cvssv2');
    e.fact(
      'vuln',
      name,
      'ssh-audit',
      `${name}${cvss !== null ? ` (CVSSv2 ${cvss})` : ''}: ${str(c as JsonObject, 'description') ?? ''}`,
    );
  }
  for (const key of Object.keys(r)) {
    if (!(key in ALGORITHM_LISTS) && !['banner', 'target', 'cves'].includes(key) && !SKIPPED_FIELDS.has(key)) {
      sink.note({
        line: null,
        column: null,
        what: `unrecognised ssh-audit field "${clip(key, 60)}" in report for ${e.label}`,
      });
    }
  }
  return e;
}

function readAlgorithm(list: string, key: string, item: unknown, e: Endpoint, sink: ImportSink): void {
  const o = isObject(item) ? item : null;
  const name = o ? str(o, 'algorithm') : typeof item === 'string' ? item : null;
  if (!name) {
    sink.note({
      line: null,
      column: null,
      what: clip(`unrecognised ${list} entry ${JSON.stringify(item)} for ${e.label}`, 160),
    });
    return;
  }
  const keysize = num(o, 'keysize');
  e.fact(key, name, 'ssh-audit', `${list}: ${name}${keysize !== null ? ` (${keysize}-bit)` : ''}`);
  const notes = obj(o, 'notes');
  const fail = (arr(notes, 'fail') ?? []).filter((n): n is string => typeof n === 'string');
  const warn = (arr(notes, 'warn') ?? []).filter((n): n is string => typeof n === 'string');
  if (fail.length + warn.length > 0) {
    const said = [fail.length ? `fail: ${fail.join('; ')}` : '', warn.length ? `warn: ${warn.join('; ')}` : ''].filter(
      Boolean,
    );
    e.fact('ssh.weak', name, 'ssh-audit', `${list} ${name}: ${said.join('; ')}`);
  }
}

// nmap XML (-oX), every version from 3.x to 7.9x: one observation per <port>, hosts from <host>, NSE
// script results kept and turned into facts, run details as meta. Streams; only one host is held.
import { blankObservation, type Fact, type Observation, type ScriptOutput } from '../../model/observation';
import { normaliseIp } from '../ip';
import { intAttr, xmlParser } from '../xml';
import { ParseError, type FormatSpec, type ImportSink, type StreamParser } from '../types';
import { canonicalScriptId, scriptFacts, serviceFacts, type ServiceContext } from './nmap-scripts';
import type { NseItem, NseScript } from './nse-output';
import { epochToIso, portProto, quote } from './scan-common';

/** The start of an nmap-style XML document: prolog, comments, stylesheet and DOCTYPE, then <nmaprun ...>. */
const NMAPRUN_START =
  /^\uFEFF?\s*(?:<\?xml[^>]*\?>\s*|<!--[\s\S]*?-->\s*|<\?xml-stylesheet[^>]*\?>\s*|<!DOCTYPE[^>[]*>\s*)*<nmaprun\b([^>]*)>/;

/** The `scanner` attribute of the root <nmaprun>, or undefined when the head does not start with one. */
export function nmaprunScanner(head: string): string | null | undefined {
  const m = NMAPRUN_START.exec(head);
  if (!m) return undefined;
  return /\bscanner\s*=\s*["']([^"']*)["']/.exec(m[1] ?? '')?.[1] ?? null;
}

/**
 * Elements deliberately not imported, with their whole content: OS detection, traceroute, timing and
 * TCP sequence analysis describe the host or the scan, not services in use; task progress and verbosity
 * are scan chatter; <hosthint> repeats a host that is reported again in full.
 */
const IGNORED = new Set([
  'os',
  'trace',
  'times',
  'uptime',
  'distance',
  'tcpsequence',
  'ipidsequence',
  'tcptssequence',
  'taskbegin',
  'taskend',
  'taskprogress',
  'verbose',
  'debugging',
  'hosthint',
  'extrareasons',
]);

/** Hostscripts whose results belong to particular ports of the host. */
const HOSTSCRIPT_PORTS: { id: RegExp; ports: [string, number][] }[] = [
  {
    id: /^(smb|smb2|msrpc|samba)-/,
    ports: [
      ['tcp', 445],
      ['tcp', 139],
    ],
  },
  {
    id: /^nbstat$/,
    ports: [
      ['udp', 137],
      ['tcp', 139],
    ],
  },
  { id: /^ms-sql-/, ports: [['tcp', 1433]] },
];

interface HostState {
  line: number;
  status: string;
  ip: string | null;
  mac: string | null;
  names: string[];
  seenAt: string | null;
  observations: Observation[];
  hostScripts: { script: NseScript; line: number }[];
}

interface PortState {
  line: number;
  obs: Observation;
  scripts: NseScript[];
}

interface ScriptState {
  id: string;
  output: string;
  line: number;
  /** Open tables, innermost last; the first holds the script's top-level items. */
  stack: { key: string | null; items: NseItem[] }[];
  elemKey: string | null;
}

export const nmapXmlFormat: FormatSpec = {
  id: 'nmap-xml',
  label: 'nmap XML (-oX)',
  family: 'scan',
  parserVersion: '1',
  detector:
    'XML whose root element is <nmaprun> with scanner="nmap" (other scanner values score lower; masscan is its own format)',
  detect(head) {
    const scanner = nmaprunScanner(head);
    if (scanner === undefined || scanner === 'masscan') return 0;
    return scanner === 'nmap' ? 0.95 : 0.6;
  },
  needsHostName: false,
  create: (sink) => nmapXmlParser(sink),
};

function nmapXmlParser(sink: ImportSink): StreamParser {
  let line = 1;
  let args: string | null = null;
  let runStart: string | null = null;
  let host: HostState | null = null;
  let port: PortState | null = null;
  let script: ScriptState | null = null;
  let skipDepth = 0;
  const extraports = new Map<string, number>();
  let extraportHosts = 0;
  let extraportHostCounted = false;
  const scaninfo: string[] = [];

  const note = (what: string, at = line) => sink.note({ line: at, column: null, what });
  const fail = (message: string) => new ParseError(message, line, null);
  const need = (attrs: Record<string, string>, name: string, el: string, expected: string) => {
    const v = attrs[name];
    if (v === undefined || v === '') throw fail(`expected <${el}> to have a ${name} attribute (${expected})`);
    return v;
  };

  const xml = xmlParser(
    {
      open(name, attrs, path, at) {
        line = at.line;
        if (skipDepth > 0 || IGNORED.has(name)) {
          skipDepth++;
          return;
        }
        const parent = path[path.length - 1];
        if (script && (name === 'table' || name === 'elem')) {
          if (name === 'table') script.stack.push({ key: attrs.key ?? null, items: [] });
          else script.elemKey = attrs.key ?? null;
          return;
        }
        switch (name) {
          case 'nmaprun':
            if (parent !== undefined) break;
            openRun(attrs);
            return;
          case 'scaninfo':
            scaninfo.push(
              [attrs.type, attrs.protocol].filter(Boolean).join('/') +
                (attrs.numservices ? ` (${attrs.numservices} ports)` : ''),
            );
            return;
          case 'host':
            if (parent !== 'nmaprun') break;
            host = {
              line,
              status: 'unknown',
              ip: null,
              mac: null,
              names: [],
              seenAt: null,
              observations: [],
              hostScripts: [],
            };
            host.seenAt = epochToIso(attrs.endtime) ?? epochToIso(attrs.starttime);
            extraportHostCounted = false;
            return;
          case 'status':
            if (!host || parent !== 'host') break;
            host.status = need(attrs, 'state', 'status', 'up, down or unknown');
            return;
          case 'address':
            if (!host || parent !== 'host') break;
            openAddress(host, attrs);
            return;
          case 'hostnames':
            if (host && parent === 'host') return;
            break;
          case 'hostname':
            if (!host || parent !== 'hostnames') break;
            if (attrs.name && !host.names.includes(attrs.name)) host.names.push(attrs.name);
            return;
          case 'ports':
            if (host && parent === 'host') return;
            break;
          case 'extraports':
            if (!host || parent !== 'ports') break;
            openExtraports(attrs);
            return;
          case 'port':
            if (!host || parent !== 'ports') break;
            openPort(host, attrs);
            return;
          case 'state':
            if (!port || parent !== 'port') break;
            port.obs.state = need(attrs, 'state', 'state', 'open, closed, filtered...');
            port.obs.reason = attrs.reason || null;
            return;
          case 'service':
            if (!port || parent !== 'port') break;
            openService(port.obs, attrs);
            return;
          case 'cpe':
            if (port && parent === 'service') return;
            break;
          case 'owner':
            if (!port || parent !== 'port') break;
            note(
              `skipped <owner> of ${port.obs.proto}/${port.obs.port}: ident user ${quote(attrs.name ?? '')} has no observation field`,
            );
            return;
          case 'script':
            if (parent === 'port' || parent === 'hostscript' || parent === 'prescript' || parent === 'postscript') {
              script = {
                id: need(attrs, 'id', 'script', 'the NSE script name'),
                output: attrs.output ?? '',
                line,
                stack: [{ key: null, items: [] }],
                elemKey: null,
              };
              return;
            }
            break;
          case 'hostscript':
            if (host && parent === 'host') return;
            break;
          case 'prescript':
          case 'postscript':
          case 'runstats':
          case 'output':
          case 'target':
            if (parent === 'nmaprun') {
              if (name === 'target')
                note(
                  `target ${quote(attrs.specification ?? '')} was ${attrs.status ?? 'not scanned'}${attrs.reason ? ` (${attrs.reason})` : ''}`,
                );
              return;
            }
            break;
          case 'finished':
            if (parent !== 'runstats') break;
            closeRun(attrs);
            return;
          case 'hosts':
            if (parent !== 'runstats') break;
            for (const k of ['up', 'down', 'total'] as const)
              if (attrs[k] !== undefined) sink.meta(`hosts.${k}`, attrs[k]);
            return;
          case 'smurf':
            if (host && parent === 'host') {
              note(`skipped <smurf responses="${attrs.responses ?? ''}">: a broadcast-response count, not a service`);
              return;
            }
            break;
        }
        note(`unrecognised <${name}> element inside <${parent ?? '(document)'}>; skipped with its content`);
        skipDepth = 1;
      },
      close(name, text, path, at) {
        line = at.line;
        if (skipDepth > 0) {
          skipDepth--;
          return;
        }
        if (script) {
          if (name === 'elem') {
            top(script).items.push({ kind: 'elem', key: script.elemKey, text });
            script.elemKey = null;
            return;
          }
          if (name === 'table') {
            const t = script.stack.pop();
            if (t && script.stack.length > 0) top(script).items.push({ kind: 'table', key: t.key, items: t.items });
            return;
          }
          if (name === 'script') {
            closeScript(script, path[path.length - 1]);
            script = null;
            return;
          }
        }
        switch (name) {
          case 'cpe':
            if (port && text.trim()) port.obs.cpes.push(text.trim());
            return;
          case 'port':
            if (port && host) closePort(host, port);
            port = null;
            return;
          case 'host':
            if (host) closeHost(host);
            host = null;
            return;
          case 'output':
            if (text.trim()) note(`nmap printed: ${quote(text.trim(), 200)}`);
            return;
        }
      },
    },
    ['nmaprun'],
  );

  function top(s: ScriptState) {
    const t = s.stack[s.stack.length - 1];
    if (!t) throw fail(`unbalanced <table> in script ${s.id}`);
    return t;
  }

  function openRun(attrs: Record<string, string>) {
    if (attrs.scanner === 'masscan') {
      throw fail('this is masscan XML (<nmaprun scanner="masscan">); import it as masscan XML');
    }
    sink.meta('scanner', attrs.scanner ?? '(none)');
    if (attrs.version) sink.meta('version', attrs.version);
    if (attrs.args) sink.meta('args', attrs.args);
    if (attrs.xmloutputversion) sink.meta('xmloutputversion', attrs.xmloutputversion);
    args = attrs.args ?? null;
    runStart = epochToIso(attrs.start);
    if (runStart) sink.meta('start', runStart);
    else if (attrs.startstr) sink.meta('startstr', attrs.startstr);
  }

  function closeRun(attrs: Record<string, string>) {
    const end = epochToIso(attrs.time);
    if (end) sink.meta('end', end);
    if (attrs.elapsed) sink.meta('elapsed', attrs.elapsed);
    if (attrs.exit) sink.meta('exit', attrs.exit);
    if (attrs.summary) sink.meta('summary', attrs.summary);
    if (scaninfo.length > 0) sink.meta('scaninfo', scaninfo.join('; '));
    if (extraports.size > 0) {
      sink.meta('extraports', [...extraports].map(([state, n]) => `${state} ${n}`).join('; '));
      sink.meta('extraports.hosts', String(extraportHosts));
    }
    // A run that nmap itself ended with an error proves nothing about what is in use: refuse it rather
    // than import an empty or partial result that would read as "nothing open".
    if (attrs.exit === 'error' || attrs.errormsg) {
      throw fail(
        `nmap reported that the scan failed${attrs.errormsg ? `: ${quote(attrs.errormsg, 200)}` : ''}; expected a completed scan`,
      );
    }
  }

  function openAddress(h: HostState, attrs: Record<string, string>) {
    const addr = need(attrs, 'addr', 'address', 'an IP or MAC address');
    const type = attrs.addrtype ?? 'ipv4'; // the DTD's default
    if (type === 'mac') {
      h.mac ??= addr.toLowerCase();
      return;
    }
    if (type !== 'ipv4' && type !== 'ipv6') {
      note(`skipped <address addrtype="${type}">: not an IP or MAC address`);
      return;
    }
    const ip = normaliseIp(addr);
    if (!ip) throw fail(`expected <address addr> to be an ${type} address, found ${quote(addr)}`);
    h.ip ??= ip;
  }

  function openExtraports(attrs: Record<string, string>) {
    const state = need(attrs, 'state', 'extraports', 'the state of the ports not listed');
    const count = intAttr(attrs.count);
    if (count === null) throw fail('expected <extraports> to have a numeric count attribute');
    extraports.set(state, (extraports.get(state) ?? 0) + count);
    if (!extraportHostCounted) {
      extraportHosts++;
      extraportHostCounted = true;
    }
  }

  function openPort(h: HostState, attrs: Record<string, string>) {
    const protocol = need(attrs, 'protocol', 'port', 'tcp, udp, sctp or ip');
    const portid = intAttr(attrs.portid);
    if (portid === null || portid < 0 || portid > 65535)
      throw fail(`expected <port> to have a portid attribute 0-65535, found ${quote(attrs.portid ?? '')}`);
    const proto = portProto(protocol);
    if (!proto) {
      // IP protocol scans (-sO) list protocol numbers, not ports; there is nothing to observe a service on.
      note(`skipped IP protocol scan entry ${protocol}/${portid}: protocols are not ports`);
      skipDepth = 1;
      return;
    }
    const obs: Observation = {
      ...blankObservation(proto, portid, ''),
      hostIp: h.ip,
      hostNames: [...h.names],
      mac: h.mac,
      seenAt: h.seenAt,
    };
    port = { line, obs, scripts: [] };
  }

  function openService(o: Observation, attrs: Record<string, string>) {
    o.service = attrs.name || null;
    o.product = attrs.product || null;
    o.version = attrs.version || null;
    o.extraInfo = attrs.extrainfo || null;
    o.tunnel = attrs.tunnel || null;
    o.method = attrs.method || null;
    o.confidence = intAttr(attrs.conf);
  }

  function context(o: Observation, scripts: readonly NseScript[]): ServiceContext {
    return {
      service: o.service,
      product: o.product,
      version: o.version,
      extraInfo: o.extraInfo,
      scanTime: o.seenAt ?? runStart,
      args,
      scriptIds: scripts.map((s) => canonicalScriptId(s.id)),
    };
  }

  function closeScript(s: ScriptState, parent: string | undefined) {
    const done: NseScript = { id: s.id, output: s.output, items: s.stack[0]?.items ?? [] };
    if (parent === 'port' && port) port.scripts.push(done);
    else if (parent === 'hostscript' && host) host.hostScripts.push({ script: done, line: s.line });
    else note(`${parent ?? 'run'} script ${quote(s.id)} is about the whole run, not a port; not imported`, s.line);
  }

  function closePort(h: HostState, p: PortState) {
    if (!p.obs.state)
      throw new ParseError(`expected <port> ${p.obs.proto}/${p.obs.port} to contain a <state> element`, line, null);
    // Hosts list their addresses before their ports, but keep what is known at the end of the port.
    p.obs.hostIp ??= h.ip;
    p.obs.mac ??= h.mac;
    const ctx = context(p.obs, p.scripts);
    const facts: Fact[] = [...serviceFacts(ctx)];
    const scripts: ScriptOutput[] = [];
    for (const s of p.scripts) {
      scripts.push({ id: s.id, output: s.output });
      for (const f of scriptFacts(s, ctx)) {
        // The same signal from two sources (service detection and a banner) is kept once, first source first.
        if (!facts.some((x) => x.key === f.key && x.value === f.value)) facts.push(f);
      }
    }
    p.obs.facts = facts;
    p.obs.scripts = scripts;
    h.observations.push(p.obs);
  }

  function closeHost(h: HostState) {
    if (!h.ip && !h.mac) throw new ParseError('expected <host> to have an <address>', h.line, null);
    for (const o of h.observations) {
      o.hostIp ??= h.ip;
      o.mac ??= h.mac;
      for (const n of h.names) if (!o.hostNames.includes(n)) o.hostNames.push(n);
    }
    for (const { script: s, line: at } of h.hostScripts) attachHostScript(h, s, at);
    sink.host({ ip: h.ip, hostNames: h.names, mac: h.mac, status: h.status, seenAt: h.seenAt });
    for (const o of h.observations) sink.observation(o);
  }

  function attachHostScript(h: HostState, s: NseScript, at: number) {
    const rule = HOSTSCRIPT_PORTS.find((r) => r.id.test(canonicalScriptId(s.id)));
    const targets = rule
      ? h.observations.filter((o) => rule.ports.some(([pr, n]) => o.proto === pr && o.port === n))
      : [];
    if (targets.length === 0) {
      const where = rule
        ? `no ${rule.ports.map(([pr, n]) => `${pr}/${n}`).join(' or ')} port on this host`
        : 'a host-level result with no related port';
      note(`hostscript ${quote(s.id)} on ${h.ip ?? h.mac ?? 'host'} not attached to any observation (${where})`, at);
      return;
    }
    for (const o of targets) {
      o.scripts.push({ id: s.id, output: s.output });
      for (const f of scriptFacts(s, context(o, [s]))) {
        if (!o.facts.some((x) => x.key === f.key && x.value === f.value)) o.facts.push(f);
      }
    }
  }

  let sawContent = false;
  return {
    write(text) {
      if (!sawContent && /\S/.test(text)) sawContent = true;
      xml.write(text);
    },
    end() {
      if (!sawContent) throw new ParseError('the file is empty; expected nmap XML (<nmaprun>)', 1, 1);
      xml.end();
    },
  };
}

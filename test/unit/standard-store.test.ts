// The engagement's standard: adopted on first use, every edit a new version in the audit log, findings
// re-classified in the same transaction, not-applicable rules leaving the items with their reason kept,
// and new imports classified incrementally. Driven by real nmap output of local services.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src-main/core/import/run-import';
import { HOST_FORMATS } from '../../src-main/api/host-formats';
import { ensureDerived } from '../../src-main/core/inventory/derived';
import { ensureClassified } from '../../src-main/core/standard/classification';
import { itemDetail, listItems } from '../../src-main/core/standard/items';
import { readState } from '../../src-main/core/standard/findings-store';
import type { StandardRule } from '../../src-main/core/standard/schema';
import {
  currentStandard,
  editStandard,
  ensureStandard,
  standardHistory,
} from '../../src-main/core/standard/standard-store';
import { listAudit, verifyAuditChain } from '../../src-main/core/store/audit-log';
import type { EngagementStore } from '../../src-main/core/store/engagement-store';
import { fixedContext, newEngagement, tempDir } from './helpers';
import { NMAP_LOCAL_TCP_XML, NMAP_LOCAL_TFTP_XML, NMAP_LOCAL_UDP_XML } from './import-scan-fixtures';

const ctx = fixedContext('qsa');

async function engagementWith(...xml: string[]): Promise<EngagementStore> {
  const dir = tempDir();
  const store = newEngagement(dir);
  for (const [i, text] of xml.entries()) {
    const file = join(dir, `scan-${i + 1}.xml`);
    writeFileSync(file, text);
    await importFile(store, ctx, file);
  }
  return store;
}

function items(store: EngagementStore) {
  const v = ensureDerived(store, ctx, HOST_FORMATS).version;
  const cur = currentStandard(store.db);
  if (!cur) throw new Error('no standard');
  return listItems(store.db, cur.document, v);
}

const lastAudit = (store: EngagementStore) => listAudit(store.db, {}).at(-1);

describe('the engagement standard', () => {
  it('adopts the shipped standard on first use, once, with an audit entry', async () => {
    const store = await engagementWith(NMAP_LOCAL_TCP_XML);
    expect(currentStandard(store.db)).toBeNull();
    const adopted = ensureStandard(store, ctx);
    expect(adopted).toMatchObject({ version: 1, createdBy: 'qsa' });
    expect(adopted.change).toBe('adopted portcullis-default version 2026.11 shipped with Portcullis');
    expect(lastAudit(store)).toMatchObject({ command: 'standard.adopt', actor: 'qsa' });
    ensureStandard(store, ctx);
    expect(standardHistory(store.db)).toHaveLength(1);
    store.close();
  });

  it('classifies real local services: anonymous FTP, TFTP, SNMP v1 public, unauthenticated stores, old TLS', async () => {
    const store = await engagementWith(NMAP_LOCAL_TCP_XML, NMAP_LOCAL_UDP_XML, NMAP_LOCAL_TFTP_XML);
    const list = items(store);
    expect(list.items.map((i) => [i.key, i.basis, i.hostCount])).toEqual([
      ['ftp|2121/tcp', 'service', 1],
      ['ftp-anonymous|2121/tcp', 'fact', 1],
      ['tftp|69/udp', 'service', 1],
      ['snmp-v1-v2c|1161/udp', 'fact', 1],
      ['unauthenticated-store|6379/tcp', 'fact', 1],
      ['unauthenticated-store|11211/tcp', 'fact', 1],
      ['tls-deprecated-protocols|4433/tcp', 'fact', 1],
      ['http-cleartext|8000/tcp', 'service', 1],
      ['tls-weak-ciphers|4433/tcp', 'fact', 1],
    ]);
    // OpenSSH 9.2 on 2222 offers only modern algorithms (umac-64 MACs are not weak): no SSH item.
    expect(list.items.some((i) => i.port === 2222)).toBe(false);
    expect(list.items[0]?.summary).toBe('FTP without TLS on 2121/tcp: 1 host in 127.0.0.0/24');

    const cur = currentStandard(store.db)!;
    const snmp = itemDetail(store.db, cur.document, cur.version, 'snmp-v1-v2c|1161/udp');
    expect(snmp?.hosts).toHaveLength(1);
    expect(snmp?.hosts[0]?.label).toBe('SNMP version 1 or 2c answered; a community string was accepted');
    expect(snmp?.hosts[0]?.evidence.map((e) => `${e.key}=${e.value} [${e.source}]`)).toEqual([
      'snmp.version=1 [nmap-service]',
      'snmp.community=public [nmap-service]',
    ]);
    const ftp = itemDetail(store.db, cur.document, cur.version, 'ftp-anonymous|2121/tcp');
    expect(ftp?.hosts[0]?.evidence).toEqual([
      {
        field: 'fact',
        key: 'ftp.anonymous',
        value: 'true',
        source: 'ftp-anon',
        excerpt: 'Anonymous FTP login allowed (FTP code 230)',
      },
    ]);
    expect(ftp?.hosts[0]?.source.fileName).toBe('scan-1.xml');
    const tls = itemDetail(store.db, cur.document, cur.version, 'tls-deprecated-protocols|4433/tcp');
    expect(tls?.hosts[0]?.evidence.map((e) => e.value)).toEqual(['TLSv1.0', 'TLSv1.1']);
    store.close();
  });

  it('marking a rule not applicable makes a new audited version; the item leaves with its reason kept', async () => {
    const store = await engagementWith(NMAP_LOCAL_TCP_XML);
    expect(items(store).items.map((i) => i.ruleId)).toContain('http-cleartext');
    const auditBefore = listAudit(store.db, {}).length;
    const v2 = editStandard(store, ctx, {
      op: 'setApplicability',
      ruleId: 'http-cleartext',
      applicable: false,
      reason: 'No HTTP listener carries credentials; all admin interfaces are HTTPS (config ref CFG-12)',
    });
    expect(v2.version).toBe(2);
    expect(v2.change).toBe(
      'rule http-cleartext marked not applicable: No HTTP listener carries credentials; all admin interfaces are HTTPS (config ref CFG-12)',
    );
    expect(listAudit(store.db, {})).toHaveLength(auditBefore + 1);
    const entry = lastAudit(store);
    expect(entry?.command).toBe('standard.edit');
    expect(JSON.parse(entry?.payload ?? '{}')).toMatchObject({ fromVersion: 1, version: 2, sha256: v2.sha256 });
    expect(verifyAuditChain(store.db).valid).toBe(true);

    const after = items(store);
    expect(after.standardVersion).toBe(2);
    expect(after.items.map((i) => i.ruleId)).not.toContain('http-cleartext');
    expect(after.notApplicable).toEqual([
      {
        ruleId: 'http-cleartext',
        title: 'HTTP without TLS',
        reason: 'No HTTP listener carries credentials; all admin interfaces are HTTPS (config ref CFG-12)',
        hostCount: 1,
        observationCount: 1,
      },
    ]);
    // Applying it again brings the item back, as version 3; the old versions stay.
    editStandard(store, ctx, { op: 'setApplicability', ruleId: 'http-cleartext', applicable: true, reason: null });
    expect(items(store).items.map((i) => i.ruleId)).toContain('http-cleartext');
    expect(standardHistory(store.db).map((h) => h.version)).toEqual([1, 2, 3]);
    store.close();
  });

  it('refuses edits that would break the standard, and writes nothing', async () => {
    const store = await engagementWith(NMAP_LOCAL_TCP_XML);
    ensureClassified(store, ctx);
    const audit = listAudit(store.db, {}).length;
    const refuse = (edit: Parameters<typeof editStandard>[2]) => {
      try {
        editStandard(store, ctx, edit);
      } catch (err) {
        return `${(err as { code?: string }).code}: ${(err as Error).message}`;
      }
      throw new Error('accepted');
    };
    expect(refuse({ op: 'setApplicability', ruleId: 'telnet', applicable: false, reason: '  ' })).toBe(
      'INVALID_REQUEST: marking rule telnet not applicable needs a reason',
    );
    expect(refuse({ op: 'removeRule', ruleId: 'telnet' })).toBe(
      'INVALID_REQUEST: rule telnet comes from the catalog: mark it not applicable with a reason instead of removing it',
    );
    expect(refuse({ op: 'removeCriterion', criterionId: 'cleartext' })).toMatch(
      /^INVALID_REQUEST: criterion cleartext is still used by rule\(s\) telnet, ftp, /,
    );
    expect(refuse({ op: 'setApplicability', ruleId: 'nope', applicable: true, reason: null })).toBe(
      'NOT_FOUND: the standard has no rule "nope"',
    );
    expect(refuse({ op: 'replace', document: { schema: 'portcullis.standard/1', id: 'x' } })).toMatch(
      /^INVALID_REQUEST: the new standard: at title: /,
    );
    expect(listAudit(store.db, {})).toHaveLength(audit);
    expect(standardHistory(store.db)).toHaveLength(1);
    store.close();
  });

  it('an edit that changes nothing makes no version; in-use states are checked, trimmed and de-duplicated', async () => {
    const store = await engagementWith(NMAP_LOCAL_TCP_XML);
    ensureStandard(store, ctx);
    const audit = listAudit(store.db, {}).length;
    const same = editStandard(store, ctx, { op: 'setInUseStates', states: ['open', 'listening'] });
    expect(same.version).toBe(1);
    expect(listAudit(store.db, {})).toHaveLength(audit);
    const v2 = editStandard(store, ctx, { op: 'setInUseStates', states: [' open ', 'open|filtered', 'open'] });
    expect(v2.document.inUseStates).toEqual(['open', 'open|filtered']);
    expect(() => editStandard(store, ctx, { op: 'setInUseStates', states: ['opne'] })).toThrow(
      /the edited standard: at inUseStates\[0\]: /,
    );
    const telnet = v2.document.rules.find((r) => r.id === 'telnet')!;
    expect(() => editStandard(store, ctx, { op: 'setRule', rule: { ...telnet, origin: 'entity' } })).toThrow(
      'rule telnet is a catalog rule: edit it with origin "catalog", or give the entity\'s rule another id',
    );
    expect(() =>
      editStandard(store, ctx, { op: 'setRule', rule: { ...telnet, match: [{ ports: ['23/tcp'], product: '' }] } }),
    ).toThrow(/an empty pattern would match every product/);
    store.close();
  });

  it("adds the entity's own rule, which classifies at once, and removes it again", async () => {
    const store = await engagementWith(NMAP_LOCAL_TCP_XML);
    const rule: StandardRule = {
      id: 'python-dev-server',
      title: 'Python development web server',
      criteria: ['cleartext', 'weak-auth'],
      severity: 'high',
      rationale: 'A development server is not hardened for production.',
      replacement: 'The production web tier behind the load balancer',
      features: ['Remove from servers in scope'],
      references: [],
      match: [{ label: 'product SimpleHTTPServer', product: 'SimpleHTTPServer' }],
      origin: 'entity',
      applicable: true,
      notApplicableReason: null,
    };
    const v = editStandard(store, ctx, { op: 'setRule', rule });
    expect(v.change).toBe('rule python-dev-server added');
    const found = items(store).items.find((i) => i.ruleId === 'python-dev-server');
    expect(found).toMatchObject({ key: 'python-dev-server|8000/tcp', basis: 'service', services: ['http'] });
    editStandard(store, ctx, { op: 'removeRule', ruleId: 'python-dev-server' });
    expect(items(store).items.some((i) => i.ruleId === 'python-dev-server')).toBe(false);
    store.close();
  });

  it('classifies a later import incrementally, without recomputing earlier findings', async () => {
    const store = await engagementWith(NMAP_LOCAL_TCP_XML);
    items(store);
    const before = readState(store.db);
    const dir = tempDir();
    writeFileSync(join(dir, 'udp.xml'), NMAP_LOCAL_UDP_XML);
    await importFile(store, ctx, join(dir, 'udp.xml'));
    const list = items(store);
    expect(list.items.map((i) => i.key)).toContain('snmp-v1-v2c|1161/udp');
    const after = readState(store.db);
    expect(after?.standard_version).toBe(before?.standard_version);
    expect(after!.through_observation).toBeGreaterThan(before!.through_observation);
    store.close();
  });
});

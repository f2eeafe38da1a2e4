import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { appendAudit, verifyAuditChain } from '../../src-main/core/store/audit-log';
import { EngagementStore } from '../../src-main/core/store/engagement-store';
import { APPLICATION_ID } from '../../src-main/core/store/file-checks';
import { LATEST_SCHEMA_VERSION, migrate, migrations, schemaVersion } from '../../src-main/core/store/migrations/index';
import { fixedContext, sampleMeta, tempDir } from './helpers';

function tables(db: Database.Database): string[] {
  return db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
}

/** Makes an engagement file at schema version `version`, as an older Portcullis would have left it. */
function engagementAt(path: string, version: number): void {
  const db = new Database(path);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  db.pragma('journal_mode = WAL');
  migrate(db, version);
  const ctx = fixedContext('old-version');
  db.transaction(() => {
    db.prepare(
      `INSERT INTO engagement (id, engagement_id, entity, assessor, period_start, period_end, scope_note, created_at, created_by, app_version)
       VALUES (1, 'e-1', ?, ?, ?, ?, ?, ?, 'old-version', '0.0.1')`,
    ).run(
      sampleMeta.entity,
      sampleMeta.assessor,
      sampleMeta.periodStart,
      sampleMeta.periodEnd,
      sampleMeta.scopeNote,
      ctx.now(),
    );
    appendAudit(db, { actor: ctx.actor, time: ctx.now(), command: 'engagement.create', payload: sampleMeta });
  })();
  db.close();
}

describe('migrations', () => {
  it('are numbered 1..N without gaps, and N is the latest schema version', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(LATEST_SCHEMA_VERSION).toBe(migrations.length);
  });

  it('0 -> 1 creates STRICT engagement, meta and audit tables', () => {
    const db = new Database(':memory:');
    expect(migrate(db, 1)).toEqual([1]);
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).toEqual(['audit_log', 'engagement', 'meta']);
    expect(() => db.prepare("INSERT INTO audit_log VALUES ('x', 1, 1, 1, 1, 1, 1, 1)").run()).toThrow(
      /datatype mismatch|cannot store/,
    );
  });

  it('1 -> 2 adds the artifact store and keeps existing data', () => {
    const path = join(tempDir(), 'v1.portcullis');
    engagementAt(path, 1);
    const db = new Database(path);
    expect(migrate(db, 2)).toEqual([2]);
    expect(tables(db)).toEqual(['artifact', 'artifact_chunk', 'audit_log', 'engagement', 'meta', 'stored_file']);
    expect(db.prepare('SELECT entity FROM engagement').pluck().get()).toBe(sampleMeta.entity);
    expect(verifyAuditChain(db).valid).toBe(true);
    db.close();
  });

  it('2 -> 3 adds imports, observations, facts and parse notes, keeping stored files', () => {
    const path = join(tempDir(), 'v2.portcullis');
    engagementAt(path, 2);
    const db = new Database(path);
    db.prepare("INSERT INTO artifact (id, sha256, size, chunk_count, stored_at) VALUES (1, 'ab', 2, 1, 't')").run();
    db.prepare("INSERT INTO artifact_chunk VALUES (1, 0, x'6869')").run();
    db.prepare(
      "INSERT INTO stored_file (sha256, name, role, added_at, added_by) VALUES ('ab', 'hi.txt', 'original', 't', 'u')",
    ).run();
    expect(migrate(db, 3)).toEqual([3]);
    expect(tables(db)).toEqual(
      expect.arrayContaining(['import', 'observation', 'parse_note', 'scan_host', 'stored_file']),
    );
    expect(db.prepare('SELECT name FROM stored_file').pluck().get()).toBe('hi.txt');
    expect(() =>
      db
        .prepare(
          "INSERT INTO import (file_name, format, format_label, parser_version, imported_at, imported_by) VALUES ('f', 'x', 'X', '1', 't', 'u')",
        )
        .run(),
    ).not.toThrow();
    // Facts are stored as JSON in the observation and listed one per row by a view.
    db.prepare(
      `INSERT INTO observation (import_id, host_names, proto, port, state, cpes, facts, scripts)
       VALUES (1, '[]', 'tcp', 23, 'open', '[]', '[{"key":"banner","value":"login:","source":"banner","evidence":"login:"}]', '[]')`,
    ).run();
    expect(() =>
      db
        .prepare(
          "INSERT INTO observation (import_id, host_names, proto, port, state, cpes, scripts) VALUES (1, '[]', 'tcp', 70000, 'open', '[]', '[]')",
        )
        .run(),
    ).toThrow(/CHECK constraint/);
    db.close();
  });

  it('3 -> 4 adds rules and ruleset policies, and a rule count on imports', () => {
    const path = join(tempDir(), 'v3.portcullis');
    engagementAt(path, 3);
    const db = new Database(path);
    db.prepare(
      "INSERT INTO import (file_name, format, format_label, parser_version, imported_at, imported_by) VALUES ('scan.xml', 'nmap-xml', 'nmap', '1', 't', 'u')",
    ).run();
    expect(migrate(db, 4)).toEqual([4]);
    expect(db.prepare('SELECT file_name, rule_count FROM import').get()).toEqual({
      file_name: 'scan.xml',
      rule_count: 0,
    });
    expect(tables(db)).toEqual(expect.arrayContaining(['rule', 'ruleset_policy']));
    expect(() =>
      db
        .prepare(
          `INSERT INTO rule (import_id, device, ruleset, ord, direction, action, sources, sources_negated, destinations,
             destinations_negated, protocol, enabled, objects, unresolved, conditions, text)
           VALUES (1, 'fw1', 'outside_in', 1, 'sideways', 'allow', '[]', 0, '[]', 0, 'tcp', 1, '[]', '[]', '[]', '')`,
        )
        .run(),
    ).toThrow(/CHECK constraint/);
    db.close();
  });

  it('4 -> 5 adds standard versions, findings and the classification state, keeping observations', () => {
    const path = join(tempDir(), 'v4.portcullis');
    engagementAt(path, 4);
    const db = new Database(path);
    db.prepare(
      "INSERT INTO import (file_name, format, format_label, parser_version, imported_at, imported_by) VALUES ('scan.xml', 'nmap-xml', 'nmap', '1', 't', 'u')",
    ).run();
    db.prepare(
      "INSERT INTO observation (import_id, host_names, proto, port, state, service, cpes, scripts) VALUES (1, '[]', 'tcp', 23, 'open', 'telnet', '[]', '[]')",
    ).run();
    expect(migrate(db, 5)).toEqual([5]);
    expect(tables(db)).toEqual(expect.arrayContaining(['standard_version', 'finding', 'classification_state']));
    expect(db.prepare('SELECT port, service FROM observation').get()).toEqual({ port: 23, service: 'telnet' });
    const finding = (basis: string) =>
      db
        .prepare(
          "INSERT INTO finding (rule_id, observation_id, basis, label, evidence) VALUES ('telnet', 1, ?, 'l', '[]')",
        )
        .run(basis);
    expect(() => finding('guess')).toThrow(/CHECK constraint/);
    finding('service');
    expect(() => finding('service')).toThrow(/UNIQUE constraint/);
    expect(() => db.prepare("INSERT INTO standard_version VALUES (0, '{}', 'x', 't', 'u', 'c')").run()).toThrow(
      /CHECK constraint/,
    );
    db.close();
  });

  it('5 -> 6 adds the inventory and asset annotations; an annotation is a whole asset or one service', () => {
    const path = join(tempDir(), 'v5.portcullis');
    engagementAt(path, 5);
    const db = new Database(path);
    expect(migrate(db, 6)).toEqual([6]);
    expect(tables(db)).toEqual(
      expect.arrayContaining(['inventory', 'inventory_source', 'inventory_state', 'asset_annotation']),
    );
    const annotate = (proto: string, port: number) =>
      db
        .prepare(
          "INSERT INTO asset_annotation (asset, proto, port, owner, purpose, source, updated_at, updated_by) VALUES ('10.0.0.1', ?, ?, 'ops', null, 'manual', 't', 'u')",
        )
        .run(proto, port);
    annotate('', -1);
    annotate('tcp', 22);
    expect(() => annotate('tcp', -1)).toThrow(/CHECK constraint/);
    expect(() => annotate('', 22)).toThrow(/CHECK constraint/);
    expect(() => annotate('icmp', 1)).toThrow(/CHECK constraint/);
    db.close();
  });

  it('6 -> 7 adds reviews of insecure items, one per item key', () => {
    const path = join(tempDir(), 'v6.portcullis');
    engagementAt(path, 6);
    const db = new Database(path);
    expect(migrate(db, 7)).toEqual([7]);
    const put = (key: string, disposition: string | null, status: string) =>
      db
        .prepare(
          "INSERT INTO review (item_key, record, disposition, status, updated_at, updated_by) VALUES (?, '{}', ?, ?, 't', 'u')",
        )
        .run(key, disposition, status);
    put('telnet|23/tcp', 'constrain', 'approved');
    put('ftp|21/tcp', null, 'draft');
    expect(() => put('tftp|69/udp', 'ignore', 'draft')).toThrow(/CHECK constraint/);
    expect(() => put('tftp|69/udp', 'disable', 'done')).toThrow(/CHECK constraint/);
    expect(() => put('telnet|23/tcp', 'disable', 'draft')).toThrow(/UNIQUE constraint|PRIMARY KEY/);
    db.close();
  });

  it('7 -> 8 adds change tickets, one per key and import, and a ticket count on imports', () => {
    const path = join(tempDir(), 'v7.portcullis');
    engagementAt(path, 7);
    const db = new Database(path);
    db.prepare(
      "INSERT INTO import (id, sha256, file_name, format, format_label, parser_version, imported_at, imported_by) VALUES (1, NULL, 'c.json', 'x', 'x', '1', 't', 'u')",
    ).run();
    expect(migrate(db, 8)).toEqual([8]);
    expect(tables(db)).toContain('ticket');
    expect(db.prepare('SELECT file_name, ticket_count FROM import').get()).toEqual({
      file_name: 'c.json',
      ticket_count: 0,
    });
    const put = (key: string, system = 'jira', importId = 1) =>
      db
        .prepare("INSERT INTO ticket (import_id, system, key, approvers, fields) VALUES (?, ?, ?, '[]', '{}')")
        .run(importId, system, key);
    put('ABC-1');
    put('CHG0031877', 'servicenow');
    expect(() => put('ABC-1')).toThrow(/UNIQUE constraint/);
    expect(() => put('ABC-2', 'remedy')).toThrow(/CHECK constraint/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO ticket (import_id, system, key, approvers, fields, line_from) VALUES (1, 'csv', 'K-7', '[]', '{}', 'one')",
        )
        .run(),
    ).toThrow(/datatype mismatch|cannot store/);
    expect(
      db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ticket' AND name = 'ticket_key'")
        .pluck()
        .get(),
    ).toBe('ticket_key');
    db.prepare('DELETE FROM import').run();
    expect(db.prepare('SELECT count(*) FROM ticket').pluck().get()).toBe(0);
    db.close();
  });

  it('9 -> 10 adds test cases with TP- references, one per feature, source, host and service', () => {
    const path = join(tempDir(), 'v9.portcullis');
    engagementAt(path, 9);
    const db = new Database(path);
    db.prepare("INSERT INTO artifact (sha256, size, chunk_count, stored_at) VALUES (?, 3, 0, 't')").run('b'.repeat(64));
    db.prepare(
      `INSERT INTO import (sha256, file_name, format, format_label, parser_version, imported_at, imported_by)
       VALUES (?, 'fw.rules', 'iptables-save', 'iptables-save', '3', 't', 'u')`,
    ).run('b'.repeat(64));
    expect(migrate(db, 10)).toEqual([10]);
    const add = db.prepare(
      `INSERT INTO test_case (item_key, feature_id, device, rule_import_id, vantage, source, target, proto, port,
         admitted, created_at, created_by) VALUES ('ftp|21/tcp', 'F1', 'fw1', 1, 'jump', ?, '10.0.0.5', 'tcp', 21, '[]', 't', 'u')`,
    );
    add.run('10.50.1.10');
    add.run('10.50.1.11');
    expect(db.prepare('SELECT ref, status FROM test_case ORDER BY id').all()).toEqual([
      { ref: 'TP-001', status: 'planned' },
      { ref: 'TP-002', status: 'planned' },
    ]);
    expect(() => add.run('10.50.1.10')).toThrow(/UNIQUE constraint/);
    expect(() => db.prepare("UPDATE test_case SET status = 'maybe' WHERE id = 1").run()).toThrow(/CHECK constraint/);
    db.close();
  });

  it('10 -> 11 widens the endpoint index to import and state, so grouping two scans reads only the index', () => {
    const path = join(tempDir(), 'v10.portcullis');
    engagementAt(path, 10);
    const db = new Database(path);
    db.prepare("INSERT INTO artifact (sha256, size, chunk_count, stored_at) VALUES (?, 3, 0, 't')").run('c'.repeat(64));
    db.prepare(
      `INSERT INTO import (sha256, file_name, format, format_label, parser_version, imported_at, imported_by)
       VALUES (?, 'a.xml', 'nmap-xml', 'nmap XML', '1', 't', 'u')`,
    ).run('c'.repeat(64));
    db.prepare(
      `INSERT INTO observation (import_id, host_ip, host_names, proto, port, state, cpes, scripts)
       VALUES (1, '10.0.0.1', '[]', 'tcp', 23, 'open', '[]', '[]')`,
    ).run();
    const columns = () =>
      db.prepare("SELECT name FROM pragma_index_info('observation_endpoint') ORDER BY seqno").pluck().all();
    expect(columns()).toEqual(['host_ip', 'proto', 'port']);
    expect(migrate(db, 11)).toEqual([11]);
    expect(columns()).toEqual(['host_ip', 'proto', 'port', 'import_id', 'state']);
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT host_ip, proto, port, max(CASE WHEN import_id = 1 THEN (state = 'open') END)
         FROM observation INDEXED BY observation_endpoint WHERE import_id IN (1, 2) GROUP BY host_ip, proto, port`,
      )
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail)).toEqual(['SCAN observation USING COVERING INDEX observation_endpoint']);
    expect(db.prepare('SELECT count(*) FROM observation').pluck().get()).toBe(1);
    db.close();
  });

  it('8 -> 9 registers the files already stored as evidence E-001…, in order, and every new one by trigger', () => {
    const path = join(tempDir(), 'v8.portcullis');
    engagementAt(path, 8);
    const db = new Database(path);
    db.prepare("INSERT INTO artifact (sha256, size, chunk_count, stored_at) VALUES (?, 3, 0, 't')").run('a'.repeat(64));
    const file = db.prepare(
      "INSERT INTO stored_file (sha256, name, role, added_at, added_by) VALUES (?, ?, ?, 't1', 'u')",
    );
    file.run('a'.repeat(64), 'scan.xml', 'original');
    file.run('a'.repeat(64), 'cab-minutes.pdf', 'attachment');
    expect(migrate(db, 9)).toEqual([9]);
    file.run('a'.repeat(64), 'fw.conf', 'original');
    expect(db.prepare('SELECT ref, type, title, stored_file_id FROM evidence ORDER BY id').all()).toEqual([
      { ref: 'E-001', type: 'system', title: 'scan.xml', stored_file_id: 1 },
      { ref: 'E-002', type: 'document', title: 'cab-minutes.pdf', stored_file_id: 2 },
      { ref: 'E-003', type: 'system', title: 'fw.conf', stored_file_id: 3 },
    ]);
    // A file's entry cannot lose its file type; notes without a file are interviews or observations.
    expect(() =>
      db
        .prepare("INSERT INTO evidence (type, title, collected_on, collected_by) VALUES ('document', 'x', 't', 'u')")
        .run(),
    ).toThrow(/CHECK constraint/);
    expect(() => db.prepare("UPDATE evidence SET procedure = '1.2.6.c' WHERE id = 1").run()).toThrow(
      /CHECK constraint/,
    );
    db.close();
  });

  it('a failing migration leaves the file at its old version', () => {
    const db = new Database(':memory:');
    migrate(db, 1);
    db.exec('CREATE TABLE artifact (id INTEGER)'); // makes migration 2 fail half-way
    expect(() => migrate(db)).toThrow(/already exists/);
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).not.toContain('stored_file');
  });

  it('opening an older engagement keeps a backup, migrates it and records that in the audit log', () => {
    const path = join(tempDir(), 'old.portcullis');
    engagementAt(path, 1);
    const store = EngagementStore.open(path, fixedContext('upgrader'));
    expect(existsSync(`${path}.schema-v1.bak`)).toBe(true);
    expect(store.info().schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    const last = store.db.prepare('SELECT command, actor, payload FROM audit_log ORDER BY seq DESC LIMIT 1').get();
    expect(last).toEqual({
      command: 'store.migrate',
      actor: 'upgrader',
      payload: `{"from":1,"to":${LATEST_SCHEMA_VERSION}}`,
    });
    expect(verifyAuditChain(store.db)).toMatchObject({ valid: true, entries: 2 });
    store.close();
  });
});

import { closeSync, openSync, statSync, writeFileSync, writeSync, readdirSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { EngagementStore } from '../../src-main/core/store/engagement-store';
import { APPLICATION_ID } from '../../src-main/core/store/file-checks';
import { LATEST_SCHEMA_VERSION } from '../../src-main/core/store/migrations/index';
import { PortcullisError } from '../../src-main/core/model/errors';
import { fileSha256, fixedContext, newEngagement, sampleMeta, tempDir } from './helpers';

function expectRefused(path: string, code: string, pattern: RegExp): void {
  const before = fileSha256(path);
  let caught: unknown;
  try {
    EngagementStore.open(path).close();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(PortcullisError);
  expect((caught as PortcullisError).code).toBe(code);
  expect((caught as PortcullisError).message).toMatch(pattern);
  expect((caught as PortcullisError).message).toContain(path);
  expect(fileSha256(path)).toBe(before);
}

describe('creating an engagement', () => {
  it('records metadata, schema version, application id and the first audit entry', () => {
    const store = newEngagement();
    const info = store.info();
    expect(info).toMatchObject({ ...sampleMeta, createdBy: 'tester', schemaVersion: LATEST_SCHEMA_VERSION });
    expect(store.db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    const audit = store.db.prepare('SELECT seq, command, actor FROM audit_log').all();
    expect(audit).toEqual([{ seq: 1, command: 'engagement.create', actor: 'tester' }]);
    store.close();
  });

  it('refuses to overwrite an existing file and leaves no temporary file behind', () => {
    const dir = tempDir();
    newEngagement(dir, 'a.portcullis').close();
    const before = fileSha256(join(dir, 'a.portcullis'));
    expect(() => EngagementStore.create(join(dir, 'a.portcullis'), sampleMeta, fixedContext())).toThrow(
      /already exists/,
    );
    expect(fileSha256(join(dir, 'a.portcullis'))).toBe(before);
    expect(readdirSync(dir)).toEqual(['a.portcullis']);
  });

  it('requires the .portcullis extension', () => {
    expect(() => EngagementStore.create(join(tempDir(), 'a.db'), sampleMeta, fixedContext())).toThrow(
      /ending in \.portcullis/,
    );
  });
});

describe('opening a file that is not a usable engagement changes nothing', () => {
  it('refuses a text file, naming offset 0 and what was expected', () => {
    const path = join(tempDir(), 'notes.portcullis');
    writeFileSync(path, 'Nmap scan report for 10.0.0.1\n');
    expectRefused(path, 'NOT_SQLITE', /offset 0: expected the SQLite header/);
  });

  it('refuses an empty file', () => {
    const path = join(tempDir(), 'empty.portcullis');
    writeFileSync(path, '');
    expectRefused(path, 'NOT_SQLITE', /empty \(0 bytes\)/);
  });

  it('refuses a SQLite database that is not a Portcullis engagement', () => {
    const path = join(tempDir(), 'other.portcullis');
    const db = new Database(path);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expectRefused(path, 'NOT_PORTCULLIS', /not a Portcullis engagement \(application id 0/);
  });

  it('refuses a file made by a newer Portcullis', () => {
    const dir = tempDir();
    const store = newEngagement(dir);
    store.db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    store.close();
    expectRefused(
      store.path,
      'NEWER_SCHEMA',
      new RegExp(`schema version ${LATEST_SCHEMA_VERSION + 5}; this version reads up to ${LATEST_SCHEMA_VERSION}`),
    );
  });

  it('refuses a damaged file (pages overwritten)', () => {
    const store = newEngagement();
    const pad = 'x'.repeat(3000);
    store.mutate(fixedContext(), 'test.fill', {}, () => {
      for (let i = 0; i < 50; i++) store.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(`k${i}`, pad);
    });
    store.close();
    const size = statSync(store.path).size;
    expect(size).toBeGreaterThan(8 * 4096);
    const fd = openSync(store.path, 'r+');
    writeSync(fd, Buffer.alloc(4096 * 3, 0xa5), 0, 4096 * 3, 4096);
    closeSync(fd);
    expectRefused(store.path, 'DAMAGED', /damaged/);
  });

  it('refuses a truncated file', () => {
    const store = newEngagement();
    store.close();
    truncateSync(store.path, 4096 + 100);
    expectRefused(store.path, 'DAMAGED', /damaged/);
  });

  it('reports a missing file as not found', () => {
    expect(() => EngagementStore.open(join(tempDir(), 'nope.portcullis'))).toThrow(/no such engagement file/);
  });
});

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tableFor } from './table-helpers';

const meta = { entity: 'Acme', assessor: 'A. Assessor' };

describe('requests are validated at the door', () => {
  const cases: [string, string, unknown, RegExp][] = [
    ['unknown channel', 'engagement.delete', {}, /unknown channel "engagement\.delete"/],
    ['missing path', 'engagement.create', { meta }, /engagement\.create: path: /],
    ['missing entity', 'engagement.create', { path: 'a.portcullis', meta: { assessor: 'x' } }, /meta\.entity/],
    [
      'blank entity',
      'engagement.create',
      { path: 'a.portcullis', meta: { ...meta, entity: '   ' } },
      /meta\.entity: the assessed entity is required/,
    ],
    [
      'bad date',
      'engagement.create',
      { path: 'a.portcullis', meta: { ...meta, periodStart: '01/02/2026' } },
      /meta\.periodStart: expected a date as YYYY-MM-DD/,
    ],
    [
      'period reversed',
      'engagement.create',
      { path: 'a.portcullis', meta: { ...meta, periodStart: '2026-05-01', periodEnd: '2026-01-01' } },
      /meta\.periodEnd: the assessment period must not end before it starts/,
    ],
    [
      'control characters',
      'engagement.create',
      { path: 'a.portcullis', meta: { ...meta, entity: 'Acme\u0007' } },
      /meta\.entity: must not contain control characters/,
    ],
    [
      'multi-line entity',
      'engagement.create',
      { path: 'a.portcullis', meta: { ...meta, entity: 'Acme\nEvil' } },
      /meta\.entity: must be a single line/,
    ],
    [
      'unexpected key',
      'engagement.info',
      { path: 'a.portcullis', sql: 'DROP TABLE audit_log' },
      /engagement\.info: request: Unrecognized key/,
    ],
    ['wrong type', 'audit.list', { path: 'a.portcullis', limit: 'all' }, /audit\.list: limit: /],
    ['limit out of range', 'audit.list', { path: 'a.portcullis', limit: 1e9 }, /audit\.list: limit: /],
    ['bad sha256', 'file.extract', { path: 'a.portcullis', sha256: 'abc', to: 'x' }, /sha256: expected a SHA-256/],
    ['no sources', 'file.add', { path: 'a.portcullis', sources: [] }, /sources: at least one file to add/],
    ['bad role', 'file.add', { path: 'a.portcullis', sources: ['x'], role: 'evidence' }, /role: /],
    ['not an object', 'engagement.info', 'a.portcullis', /engagement\.info: request: /],
    ['NUL in path', 'engagement.info', { path: 'a\u0000.portcullis' }, /path: must not contain NUL/],
  ];

  it.each(cases)('%s is refused with INVALID_REQUEST naming the field', async (_name, channel, request, message) => {
    const { table, baseDir } = tableFor();
    const reply = await table.invoke(channel, request);
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('INVALID_REQUEST');
      expect(reply.error.message).toMatch(message);
    }
    expect(readdirSync(baseDir)).toEqual([]);
    await table.close();
  });

  it('a valid request passes and defaults are filled in', async () => {
    const { table } = tableFor();
    const reply = await table.invoke('engagement.create', { path: 'ok.portcullis', meta });
    expect(reply).toMatchObject({ ok: true, value: { entity: 'Acme', periodStart: null, scopeNote: '' } });
    await table.close();
  });
});

// The shipped sample is what scripts/make-sample.ts makes: the input files byte for byte, and an engagement
// built afresh (at another time, in another folder) with the same audit log entry for entry, the same
// imports, evidence register, insecure items and reviews as resources/samples/harbor-street.portcullis.
// When this fails after a deliberate change (the script, a migration, a parser), run `npm run sample`.
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Response } from '../../src-main/api/contract';
import type { HandlerTable } from '../../src-main/api/handlers';
import { buildSampleEngagement, SAMPLE_ENGAGEMENT_ID, type SampleSummary } from '../../scripts/sample/build';
import { INPUT, sampleInputs, writeSampleInputs } from '../../scripts/sample/inputs';
import { ITEM } from '../../scripts/sample/reviews';
import { tempDir } from './helpers';
import { tableFor } from './table-helpers';

const samples = resolve(import.meta.dirname, '../../resources/samples');
const shippedInputs = join(samples, 'harbor-street');
const REGENERATE = 'the shipped sample differs from what scripts/make-sample.ts makes; run npm run sample';

async function get<C extends 'engagement.info' | 'audit.list' | 'import.list' | 'evidence.list' | 'item.list'>(
  table: HandlerTable,
  channel: C,
  path: string,
): Promise<Response<C>> {
  const reply = await table.invoke(channel, channel === 'audit.list' ? { path, limit: 5000 } : { path });
  if (!reply.ok) throw new Error(`${channel}: ${reply.error.message}`);
  return reply.value as Response<C>;
}

/** Everything the engagement holds that a user or an auditor sees, without where the file is. */
async function content(table: HandlerTable, path: string) {
  const info = await get(table, 'engagement.info', path);
  const reviews: Record<string, unknown> = {};
  for (const key of Object.values(ITEM)) {
    const r = await table.invoke('review.get', { path, key });
    if (!r.ok) throw new Error(r.error.message);
    reviews[key] = (r.value as Response<'review.get'>).record;
  }
  return {
    info: { ...info, path: null, appVersion: null },
    audit: await get(table, 'audit.list', path),
    imports: await get(table, 'import.list', path),
    evidence: await get(table, 'evidence.list', path),
    items: (await get(table, 'item.list', path)).items.map((i) => [i.key, i.summary]),
    reviews,
  };
}

describe('the sample made by scripts/make-sample.ts', () => {
  it('writes exactly the input files shipped in resources/samples/harbor-street/', () => {
    const dir = tempDir();
    writeSampleInputs(dir);
    const names = [...sampleInputs().keys()].sort();
    expect(readdirSync(dir).sort()).toEqual(names);
    expect(readdirSync(shippedInputs).sort(), REGENERATE).toEqual(names);
    for (const name of names) {
      expect(readFileSync(join(shippedInputs, name), 'utf8'), `${name}: ${REGENERATE}`).toBe(
        readFileSync(join(dir, name), 'utf8'),
      );
    }
  });

  it('writes nmap 7.94 XML with the NSE results the classifier reads', () => {
    const october = sampleInputs().get(INPUT.octoberScan)!;
    expect(october).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<!DOCTYPE nmaprun>\n/);
    expect(october).toContain('version="7.94" xmloutputversion="1.05"');
    for (const script of ['ssl-enum-ciphers', 'ssh2-enum-algos', 'sshv1', 'ftp-anon', 'snmp-sysdescr']) {
      expect(october).toContain(`<script id="${script}"`);
    }
    expect(october).toContain('<table key="TLSv1.0">');
    // The November scan no longer shows FTP on the back-office server and shows the new CCTV recorder.
    const november = sampleInputs().get(INPUT.novemberScan)!;
    expect(october).toContain('portid="21"');
    expect(november).not.toContain('portid="21"');
    expect(november).toContain('nvr-01.');
    expect(october).not.toContain('nvr-01.');
  });

  describe('the engagement', () => {
    let fresh: { summary: SampleSummary; content: Awaited<ReturnType<typeof content>> };
    let shipped: Awaited<ReturnType<typeof content>>;

    beforeAll(async () => {
      const dir = tempDir();
      writeSampleInputs(join(dir, 'inputs'));
      const summary = await buildSampleEngagement(join(dir, 'inputs'), join(dir, 'fresh.portcullis'));
      // The shipped file is opened from a copy: opening may upgrade it, and the shipped one stays as it is.
      copyFileSync(join(samples, 'harbor-street.portcullis'), join(dir, 'shipped.portcullis'));
      const t = tableFor({ baseDir: dir });
      fresh = { summary, content: await content(t.table, 'fresh.portcullis') };
      shipped = await content(t.table, 'shipped.portcullis');
      await t.table.close();
    }, 120_000);

    it('has the fixed id, actor and clock, and six imports that parsed without a skipped line', () => {
      expect(fresh.content.info).toMatchObject({
        engagementId: SAMPLE_ENGAGEMENT_ID,
        entity: 'Harbor Street Grocers (sample)',
        createdAt: '2026-11-10T08:00:00.000Z',
        createdBy: 'M. Okafor (QSA)',
      });
      expect(fresh.content.imports.map((i) => [i.fileName, i.format, i.noteCount])).toEqual([
        [INPUT.octoberScan, 'nmap-xml', 0],
        [INPUT.novemberScan, 'nmap-xml', 0],
        [INPUT.gatewayListeners, 'ss', 0],
        [INPUT.gatewayFirewall, 'iptables-save', 0],
        [INPUT.storeFirewall, 'cisco-asa-config', 0],
        [INPUT.tickets, 'servicenow-json', 0],
      ]);
      expect(fresh.content.imports.map((i) => i.ruleCount + i.ticketCount)).toEqual([0, 0, 0, 11, 12, 4]);
    });

    it('holds items at every stage: ready, disabled with proof, a draft, and untouched ones', () => {
      const keys = fresh.content.items.map(([k]) => k);
      expect(keys).toEqual(expect.arrayContaining([...Object.values(ITEM), 'snmp-v1-v2c|161/udp', 'ssh-v1|22/tcp']));
      expect(fresh.summary.items.length).toBeGreaterThanOrEqual(8);
      expect(fresh.content.reviews[ITEM.telnet]).toMatchObject({
        disposition: 'constrain',
        status: 'approved',
        features: [
          { id: 'F1', kind: 'network' },
          { id: 'F2', kind: 'authentication' },
        ],
      });
      expect(fresh.content.reviews[ITEM.ftp]).toMatchObject({ disposition: 'disable', tickets: ['CHG0040112'] });
      expect(fresh.content.reviews[ITEM.tls10]).toMatchObject({ status: 'draft', approver: null });
      const notes = fresh.content.evidence.filter((e) => e.file === null).map((e) => e.type);
      expect(notes).toEqual(['observation', 'interview']);
    });

    it('matches the shipped engagement entry for entry', () => {
      expect(shipped.info, REGENERATE).toEqual(fresh.content.info);
      expect(shipped.audit, REGENERATE).toEqual(fresh.content.audit);
      expect(shipped.imports, REGENERATE).toEqual(fresh.content.imports);
      expect(shipped.evidence, REGENERATE).toEqual(fresh.content.evidence);
      expect(shipped.items, REGENERATE).toEqual(fresh.content.items);
      expect(shipped.reviews, REGENERATE).toEqual(fresh.content.reviews);
    });
  });
});

// The shipped standard and its validation: it covers the DOMAIN catalog, every rule is well formed, and
// broken standards are refused with the JSON path of the problem.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEFAULT_STANDARD_FILE, defaultStandard } from '../../src-main/core/standard/default-standard';
import { parseStandard } from '../../src-main/core/standard/validate';
import { StandardDocument } from '../../src-main/core/standard/schema';

const repoRoot = join(import.meta.dirname, '..', '..');
const raw = (): StandardDocument => JSON.parse(readFileSync(join(repoRoot, DEFAULT_STANDARD_FILE), 'utf8'));

function refusal(mutate: (d: StandardDocument) => void): string {
  const doc = raw();
  mutate(doc);
  try {
    parseStandard(doc, 'mine.json');
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('the standard was accepted');
}

describe('the shipped standard', () => {
  const doc = defaultStandard();

  it('names the six criteria of the issue and a decision authority', () => {
    expect(doc.criteria.map((c) => c.id)).toEqual([
      'cleartext',
      'weak-auth',
      'deprecated-crypto',
      'interceptable',
      'unauthenticated-store',
      'management-exposure',
    ]);
    expect(doc.decisionAuthority.role).toMatch(/Information Security Officer/);
    expect(doc.inUseStates).toEqual(['open', 'listening']);
  });

  it('covers every service of the catalog in DOMAIN.md', () => {
    const ids = doc.rules.map((r) => r.id);
    for (const id of [
      'telnet',
      'ftp',
      'ftp-anonymous',
      'tftp',
      'r-services',
      'snmp-v1-v2c',
      'http-cleartext',
      'mail-cleartext',
      'ldap-cleartext',
      'netbios',
      'smb-v1',
      'nfs-v2-v3',
      'vnc',
      'x11',
      'rdp-legacy',
      'database-cleartext',
      'unauthenticated-store',
      'tls-deprecated-protocols',
      'tls-weak-ciphers',
      'ssh-v1',
      'ssh-weak-algorithms',
      'ipmi',
      'syslog-udp',
      'ntp-mode-6-7',
      'dns-zone-transfer',
      'industrial-protocols',
    ]) {
      expect(ids).toContain(id);
    }
  });

  it('gives every rule a rationale, a replacement, features or references, and a matcher label', () => {
    for (const r of doc.rules) {
      expect(r.origin).toBe('catalog');
      expect(r.applicable).toBe(true);
      expect(r.features.length + r.references.length).toBeGreaterThan(0);
      for (const m of r.match) expect(m.label, `${r.id}`).toBeTruthy();
    }
  });
});

describe('standard validation', () => {
  it('refuses a duplicated rule id, naming where', () => {
    expect(
      refusal((d) => {
        d.rules[1] = { ...d.rules[1]!, id: d.rules[0]!.id };
      }),
    ).toBe('mine.json: at rules[1] ("telnet"): the rule id "telnet" is used twice');
  });

  it('refuses a rule citing a criterion the standard does not define', () => {
    expect(
      refusal((d) => {
        d.rules[0]!.criteria = ['cleartext', 'unicorns'];
      }),
    ).toBe('mine.json: at rules[0] ("telnet").criteria: "unicorns" is not one of the standard\'s criteria');
  });

  it('refuses a pattern that does not compile and a port range out of order', () => {
    expect(
      refusal((d) => {
        d.rules[0]!.match = [{ product: '(unclosed' }];
      }),
    ).toMatch(
      /^mine\.json: at rules\[0\] \("telnet"\)\.match\[0\]: the product pattern \/\(unclosed\/ does not compile/,
    );
    expect(
      refusal((d) => {
        d.rules[0]!.match = [{ ports: ['514-512/tcp'] }];
      }),
    ).toBe('mine.json: at rules[0] ("telnet").match[0]: the port spec "514-512/tcp" is not a range within 0-65535');
  });

  it('refuses shape errors with the JSON path: a bad port spec, a matcher with nothing to match, N/A without reason', () => {
    expect(
      refusal((d) => {
        d.rules[2]!.match = [{ ports: ['23'] }];
      }),
    ).toMatch(/^mine\.json: at rules\[2\]\.match\[0\]\.ports\[0\]: a port spec such as "23\/tcp"/);
    expect(
      refusal((d) => {
        d.rules[2]!.match = [{ tunnel: 'none' }];
      }),
    ).toMatch(
      /^mine\.json: at rules\[2\]\.match\[0\]: a matcher needs at least one of ports, services, facts or product/,
    );
    expect(
      refusal((d) => {
        d.rules[3]!.applicable = false;
      }),
    ).toBe('mine.json: at rules[3].notApplicableReason: a rule marked not applicable needs a reason');
    expect(refusal((d) => Object.assign(d, { schema: 'other/2' }))).toMatch(/^mine\.json: at schema: /);
  });
});

describe('the published JSON Schema', () => {
  // resources/standard/standard.schema.json lets an entity check its own standard with any JSON Schema
  // tool before replacing ours. It is generated from the zod schema; run the tests with
  // UPDATE_STANDARD_SCHEMA=1 to write it again after changing schema.ts.
  it('matches the schema the app validates with', () => {
    const file = join(repoRoot, 'resources', 'standard', 'standard.schema.json');
    const generated = `${JSON.stringify(
      {
        ...z.toJSONSchema(StandardDocument, { io: 'input' }),
        title: 'Portcullis insecure-services standard (portcullis.standard/1)',
      },
      null,
      2,
    )}\n`;
    if (process.env.UPDATE_STANDARD_SCHEMA === '1') writeFileSync(file, generated);
    expect(readFileSync(file, 'utf8')).toBe(generated);
  });
});

// Ticket ids in rules: ServiceNow numbers and Jira keys in rule names, comments and text, matched
// exactly against imported tickets, and ids no import holds. Real rules: the corpus rulebases hold no
// ServiceNow number (grep -rE 'CHG[0-9]{7}|RITM[0-9]{7}|INC[0-9]{7}' found none) and only Jira-shaped
// object names (NSG-3 in batfish--nsg-vm2.json rule ids, EXPORTER-1, VPN-1, GMT-12); so real rules test
// the false positives and hand-written rules the matches.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { azureNsg } from '../../src-main/core/import/rulebases/azure-nsg';
import { mentionedIds, suggestTicketLinks } from '../../src-main/core/review/ticket-suggestions';
import { corpus, corpusAvailable, parseWith } from './import-helpers';

const rule = (ruleId: number, name: string | null, comment: string | null, text = '') => ({
  ruleId,
  name,
  comment,
  text,
});

describe('ticket ids in text', () => {
  it('finds ServiceNow numbers and Jira keys, not look-alikes', () => {
    expect(
      mentionedIds('per CHG0031877 and RITM0012345, INC1234567; PRB0000001 CTASK0001234').map((m) => m.key),
    ).toEqual(['CHG0031877', 'RITM0012345', 'INC1234567', 'PRB0000001', 'CTASK0001234']);
    // Too few or too many digits, glued to letters: not ServiceNow numbers.
    expect(mentionedIds('CHG003187 CHG00318770 XCHG0031877 chg0031877').filter((m) => m.servicenow)).toEqual([]);
    expect(
      mentionedIds('ABC-123 (NET2-7), a-1, A-1, TOOLONGPROJ1-5, ABC-0, x-ABC-9, ABC-12a').map((m) => m.key),
    ).toEqual(['ABC-123', 'NET2-7']);
    // A GUID piece is not a key.
    expect(mentionedIds('E10A9785-9598-4A1B-B2C3-0123456789AB')).toEqual([]);
  });
});

describe('suggested links', () => {
  const tickets = [{ key: 'CHG0031877' }, { key: 'NET-42' }];

  it('exact matches in name, comment and text; unimported ids reported; one row per rule and id', () => {
    const rules = [
      rule(
        1,
        'allow_ssh_NET-42',
        'CHG0031877 approved by CAB',
        'access-list OUT permit tcp any host 10.0.0.5 eq 22 ! CHG0031877',
      ),
      rule(2, null, 'temporary, see NET-43 and CHG0099999', ''),
      rule(3, 'NET-4', null, 'remark NET-420 CHG0031877'),
      rule(4, 'x', 'TLS-1 and SHA-256 only; VPN-1 edge', 'set address GBL_RFC1918-10 / object NSG-3'),
    ];
    expect(suggestTicketLinks(tickets, rules)).toEqual([
      { ruleId: 1, ticketKey: 'NET-42', where: 'name', imported: true },
      { ruleId: 1, ticketKey: 'CHG0031877', where: 'comment', imported: true },
      { ruleId: 2, ticketKey: 'CHG0099999', where: 'comment', imported: false },
      { ruleId: 2, ticketKey: 'NET-43', where: 'comment', imported: false },
      { ruleId: 3, ticketKey: 'NET-4', where: 'name', imported: false },
      { ruleId: 3, ticketKey: 'CHG0031877', where: 'text', imported: true },
    ]);
  });

  it('a Jira-shaped object name is a link only when that ticket was imported', () => {
    expect(suggestTicketLinks([{ key: 'TLS-1' }], [rule(9, null, 'TLS-1 only')])).toEqual([
      { ruleId: 9, ticketKey: 'TLS-1', where: 'comment', imported: true },
    ]);
  });
});

describe.skipIf(!corpusAvailable)('suggested links on real rules (corpus)', () => {
  it('batfish nsg-vm2: NSG-3 in the rule text is not reported, unless a ticket NSG-3 was imported', () => {
    const rules = parseWith(azureNsg, readFileSync(corpus('rulebases/batfish--nsg-vm2.json'))).rules.map((r, i) => ({
      ruleId: i + 1,
      name: r.name,
      comment: r.comment,
      text: r.text,
    }));
    // 9 rules (import-rules-azure.test.ts); grep -c NSG-3 shows the name in the rules' "id" paths.
    expect(rules).toHaveLength(9);
    expect(rules.filter((r) => r.text.includes('NSG-3')).length).toBeGreaterThan(0);
    expect(suggestTicketLinks([], rules)).toEqual([]);
    const linked = suggestTicketLinks([{ key: 'NSG-3' }], rules);
    expect(linked.length).toBe(
      rules.filter((r) => /NSG-3(?![0-9])/.test(`${r.name ?? ''} ${r.comment ?? ''} ${r.text}`)).length,
    );
    expect(linked.every((s) => s.ticketKey === 'NSG-3' && s.imported)).toBe(true);
  });
});

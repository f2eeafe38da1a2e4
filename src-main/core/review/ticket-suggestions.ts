// Ticket ids that rules mention in their name, comment or text, matched exactly against the imported
// tickets. Ids a rule mentions that no import holds are reported too: the auditor asks for those.
// Pure: no database, no clock.

export interface TicketSuggestion {
  ruleId: number;
  ticketKey: string;
  where: 'name' | 'comment' | 'text';
  imported: boolean;
}

export interface RuleMentionSource {
  ruleId: number;
  name: string | null;
  comment: string | null;
  text: string;
}

/**
 * ServiceNow numbers (CHG, RITM, INC, PRB, CTASK + 7 digits) and Jira keys (a project key of 2–10
 * upper-case letters or digits starting with a letter, a dash, a number). Boundaries keep "XCHG0031877",
 * "ABC-123a" and GUID pieces ("E10A9785-9598-…") out.
 */
const SERVICENOW = /(?<![A-Za-z0-9])(?:CHG|RITM|INC|PRB|CTASK)\d{7}(?![0-9])/g;
const JIRA = /(?<![A-Za-z0-9-])[A-Z][A-Z0-9]{1,9}-[1-9]\d{0,8}(?![A-Za-z0-9]|-[A-Za-z0-9])/g;

/** Words shaped like Jira keys that name algorithms, protocols and products, not tickets (when not imported). */
const NOT_TICKETS =
  /^(SHA|MD|AES|DES|RC|TLS|SSL|SSH|HMAC|RSA|DH|ECDH|ISO|RFC|UTF|CVE|PCI|VRRP|HSRP|IKE|IP|GRE|ESP|GMT|UTC|VPN|PA)\d*-/;

export function mentionedIds(text: string): { key: string; servicenow: boolean }[] {
  const out: { key: string; servicenow: boolean }[] = [];
  for (const m of text.matchAll(SERVICENOW)) out.push({ key: m[0], servicenow: true });
  for (const m of text.matchAll(JIRA)) out.push({ key: m[0], servicenow: false });
  return out;
}

export function suggestTicketLinks(
  tickets: readonly { key: string }[],
  rules: readonly RuleMentionSource[],
): TicketSuggestion[] {
  const imported = new Set(tickets.map((t) => t.key));
  const out: TicketSuggestion[] = [];
  for (const r of rules) {
    const seen = new Set<string>();
    const places: [TicketSuggestion['where'], string | null][] = [
      ['name', r.name],
      ['comment', r.comment],
      ['text', r.text],
    ];
    for (const [where, value] of places) {
      if (!value) continue;
      for (const { key, servicenow } of mentionedIds(value)) {
        if (seen.has(key)) continue;
        const isImported = imported.has(key);
        // Jira-shaped words are everywhere in rule text (object names like NSG-3, EXPORTER-1): one that
        // no import holds is reported only from the rule's name or comment, where people write ticket
        // ids, and not when it names a protocol, algorithm or product.
        if (!servicenow && !isImported && (where === 'text' || NOT_TICKETS.test(key))) continue;
        seen.add(key);
        out.push({ ruleId: r.ruleId, ticketKey: key, where, imported: isImported });
      }
    }
  }
  return out;
}

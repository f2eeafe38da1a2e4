// Change tickets typed as a list (CHG0031877, NET-42), with one-click links for the tickets that the
// linked rule lines mention in their name, comment or text (the core's ticket.suggestions). The text is
// kept as typed while it parses to the same list.
import { useState } from 'react';
import type { TicketSuggestionRow } from '../api/types';
import { TextField } from './ReviewFields';

const ticketKeys = (text: string): string[] => text.split(/[\s,;]+/).filter((k) => k !== '');

export function ReviewTickets({
  tickets,
  onChange,
  label,
  hint,
  testId,
  suggestions = [],
}: {
  tickets: string[];
  onChange(keys: string[]): void;
  label: string;
  hint: string;
  testId: string;
  /** Mentions by rule lines linked from the record; those already listed are not offered. */
  suggestions?: readonly TicketSuggestionRow[];
}) {
  const [text, setText] = useState(tickets.join(', '));
  // What was typed while it still means the record's list; the record's list when it changed elsewhere.
  const shown = ticketKeys(text).join(',') === tickets.join(',') ? text : tickets.join(', ');
  const listed = new Set(tickets.map((k) => k.toUpperCase()));
  const offered = suggestions.filter(
    (s, i) => !listed.has(s.ticketKey.toUpperCase()) && suggestions.findIndex((x) => x.ticketKey === s.ticketKey) === i,
  );
  return (
    <div className="tickets-field">
      <TextField
        label={label}
        value={shown}
        onChange={(v) => {
          setText(v ?? '');
          onChange(ticketKeys(v ?? ''));
        }}
        placeholder="e.g. CHG0031877, NET-42"
        hint={hint}
        testId={testId}
      />
      {offered.length > 0 && (
        <ul className="ticket-suggestions" aria-label={`Suggested for ${label.toLowerCase()}`}>
          {offered.map((s) => (
            <li key={`${s.ticketKey}-${s.ruleId}`} data-testid="ticket-suggestion">
              <span className="mono">{s.ticketKey}</span>{' '}
              <span className="muted small">
                {s.imported
                  ? `${s.ticketTitle ?? 'imported'}${s.ticketStatus ? ` (${s.ticketStatus})` : ''}`
                  : 'not imported'}{' '}
                · named in the {s.where} of {s.device} {s.ruleset} #{s.order}
              </span>{' '}
              {s.imported ? (
                <button
                  type="button"
                  className="button small"
                  aria-label={`Link ticket ${s.ticketKey}`}
                  onClick={() => onChange([...tickets, s.ticketKey])}
                >
                  Link
                </button>
              ) : (
                <span className="hint">Import the ticket export to link it.</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

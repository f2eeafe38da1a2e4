// A rule's matchers in words: each one lists the conditions that must all hold (ports, scanner service
// names, TLS or not, product and version patterns, facts the observation must or must not carry, and
// whether it applies only when no probe identified the service); the rule matches when any one does.
import type { StandardRule } from '../api/types';

type Matcher = StandardRule['match'][number];
type FactMatch = NonNullable<Matcher['facts']>[number];

function factText(f: FactMatch): string {
  if (f.pattern !== undefined) return `${f.key} matches /${f.pattern}/`;
  if (f.value !== undefined) return `${f.key} = ${f.value}`;
  return `${f.key} (any value)`;
}

export function StandardMatchers({ rule }: { rule: StandardRule }) {
  return (
    <ol className="matchers" aria-label={`Matchers of ${rule.title}`}>
      {rule.match.map((m, i) => (
        <li key={i} className="matcher" data-testid="rule-matcher">
          <div className="matcher-label">{m.label ?? <span className="muted">Matcher {i + 1} (no label)</span>}</div>
          <dl className="kv matcher-conditions">
            {m.ports && (
              <>
                <dt>Ports</dt>
                <dd className="mono">{m.ports.join(', ')}</dd>
              </>
            )}
            {m.services && (
              <>
                <dt>Services</dt>
                <dd className="mono">{m.services.join(', ')}</dd>
              </>
            )}
            {m.tunnel && (
              <>
                <dt>TLS</dt>
                <dd>{m.tunnel === 'none' ? 'not inside TLS' : 'inside TLS'}</dd>
              </>
            )}
            {m.product !== undefined && (
              <>
                <dt>Product</dt>
                <dd>
                  matches <span className="mono">/{m.product}/</span>
                </dd>
              </>
            )}
            {m.version !== undefined && (
              <>
                <dt>Version</dt>
                <dd>
                  matches <span className="mono">/{m.version}/</span>
                </dd>
              </>
            )}
            {m.facts && (
              <>
                <dt>With facts</dt>
                <dd className="mono">{m.facts.map(factText).join('; ')}</dd>
              </>
            )}
            {m.withoutFacts && (
              <>
                <dt>Without facts</dt>
                <dd className="mono">{m.withoutFacts.map(factText).join('; ')}</dd>
              </>
            )}
            {m.serviceUnidentified && (
              <>
                <dt>Only</dt>
                <dd>when no probe identified the service</dd>
              </>
            )}
          </dl>
        </li>
      ))}
    </ol>
  );
}

// Reachability: which source addresses can reach a destination (address, protocol, port) through one
// device's rules, computed exactly by the core. The answer leads with a headline a QSA can quote ("Any
// source can reach 10.0.0.5 23/tcp"), then the admitted CIDRs, what only conditions the rules could not
// decide would admit, and the rules that admit each part, each a link to the rule in the table below.
import { useId, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ReachResult, RuleDevice, RuleRef } from '../api/types';
import { ActionTag } from '../components/ActionTag';
import { Alert } from '../components/Alert';
import { formatAddressCount, formatCount, formatLines, formatPercent } from '../format';
import {
  keyOf,
  sameDevice,
  useRulesStore,
  type DeviceKey,
  type ReachAnswer,
  type ReachDirection,
  type ReachDraft,
} from '../store/rules-store';

const PROTOCOLS = ['tcp', 'udp', 'sctp', 'icmp', 'icmpv6', 'esp', 'ah', 'gre'];
const PORT_PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);
const directions: { id: ReachDirection; label: string }[] = [
  { id: 'in', label: 'Inbound' },
  { id: 'out', label: 'Outbound' },
  { id: 'any', label: 'Either' },
];
/** CIDRs shown before "Show all": in the admitted list, and in the lists of each rule. */
const CIDR_PREVIEW = 24;
const CIDR_PREVIEW_SMALL = 12;

function portProblemOf(draft: ReachDraft): string | null {
  if (!PORT_PROTOCOLS.has(draft.proto)) return null;
  const port = draft.port.trim();
  if (port === '') return `Enter the destination port: ${draft.proto} traffic has one.`;
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) return 'The port must be a number from 0 to 65535.';
  return null;
}

export function Reachability({ path, devices, current }: { path: string; devices: RuleDevice[]; current: RuleDevice }) {
  const id = useId();
  const { draft, setDraft, reach, checking, check } = useRulesStore(
    useShallow((s) => ({
      draft: s.draft,
      setDraft: s.setDraft,
      reach: s.reach,
      checking: s.checking,
      check: s.check,
    })),
  );
  const [tried, setTried] = useState(false);
  const device = (draft.device && devices.find((d) => sameDevice(keyOf(d), draft.device))) || current;
  const names = new Set(device.rulesets.map((r) => r.ruleset));
  const entries = draft.entries.filter((e) => names.has(e));
  const needsPort = PORT_PROTOCOLS.has(draft.proto);
  const destinationProblem = draft.destination.trim() === '' ? 'Enter the destination address, e.g. 10.0.0.5.' : null;
  const portProblem = portProblemOf(draft);
  const named = new Map<string, number>();
  for (const d of devices) named.set(d.device, (named.get(d.device) ?? 0) + 1);

  function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (destinationProblem || portProblem) return;
    void check(path, {
      path,
      device: device.device,
      importId: device.importId,
      ...(entries.length > 0 ? { entry: entries } : {}),
      destination: draft.destination.trim(),
      proto: draft.proto,
      port: needsPort ? Number(draft.port.trim()) : null,
      direction: draft.direction === 'any' ? null : draft.direction,
    });
  }

  function toggleEntry(name: string, on: boolean) {
    setDraft({ entries: on ? [...entries, name] : entries.filter((e) => e !== name) });
  }

  const showDestinationProblem = tried && destinationProblem;
  const showPortProblem = tried && portProblem;

  return (
    <section className="card reach" aria-labelledby={`${id}-title`}>
      <div className="card-head">
        <div className="card-head-text">
          <h2 id={`${id}-title`}>Reachability</h2>
          <p className="muted small">
            Which source addresses can reach a destination through a device’s rules, and the rules that let them in.
          </p>
        </div>
      </div>
      <form className="reach-form" onSubmit={submit} noValidate aria-label="Reachability question">
        <div className="reach-fields">
          <div className="field reach-destination">
            <label htmlFor={`${id}-destination`}>Destination</label>
            <input
              id={`${id}-destination`}
              type="text"
              spellCheck={false}
              placeholder="10.0.0.5"
              value={draft.destination}
              aria-invalid={!!showDestinationProblem}
              aria-describedby={showDestinationProblem ? `${id}-destination-problem` : undefined}
              onChange={(e) => setDraft({ destination: e.target.value })}
            />
          </div>
          <div className="field reach-proto">
            <label htmlFor={`${id}-proto`}>Protocol</label>
            <select id={`${id}-proto`} value={draft.proto} onChange={(e) => setDraft({ proto: e.target.value })}>
              {PROTOCOLS.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </div>
          <div className="field reach-port">
            <label htmlFor={`${id}-port`}>Port</label>
            <input
              id={`${id}-port`}
              type="text"
              inputMode="numeric"
              spellCheck={false}
              placeholder={needsPort ? '22' : 'n/a'}
              disabled={!needsPort}
              value={needsPort ? draft.port : ''}
              aria-invalid={!!showPortProblem}
              aria-describedby={showPortProblem ? `${id}-port-problem` : undefined}
              onChange={(e) => setDraft({ port: e.target.value })}
            />
          </div>
          <div className="field reach-direction">
            <label htmlFor={`${id}-direction`}>Direction</label>
            <select
              id={`${id}-direction`}
              value={draft.direction}
              onChange={(e) => setDraft({ direction: e.target.value as ReachDirection })}
            >
              {directions.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field reach-device">
            <label htmlFor={`${id}-device`}>Device</label>
            <select
              id={`${id}-device`}
              value={String(devices.findIndex((d) => sameDevice(keyOf(d), keyOf(device))))}
              onChange={(e) => {
                const chosen = devices[Number(e.target.value)];
                if (chosen) setDraft({ device: keyOf(chosen), entries: [] });
              }}
            >
              {devices.map((d, i) => (
                <option key={`${d.importId}:${d.device}`} value={String(i)}>
                  {(named.get(d.device) ?? 0) > 1 ? `${d.device} (${d.fileName})` : d.device}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button primary reach-submit" disabled={checking}>
            {checking ? 'Checking…' : 'Check'}
          </button>
        </div>
        {(showDestinationProblem || showPortProblem) && (
          <div className="reach-problems-inline" role="alert">
            {showDestinationProblem && <p id={`${id}-destination-problem`}>{destinationProblem}</p>}
            {showPortProblem && <p id={`${id}-port-problem`}>{portProblem}</p>}
          </div>
        )}
        <fieldset className="entries">
          <legend>
            Entry rulesets{' '}
            <span className="hint">
              {entries.length === 0
                ? 'none ticked: the core chooses where traffic enters'
                : `${formatCount(entries.length, 'ruleset')} ticked`}
            </span>
          </legend>
          <div className="entry-options">
            {device.rulesets.map((r) => (
              <label key={r.ruleset} className={entries.includes(r.ruleset) ? 'entry-option checked' : 'entry-option'}>
                <input
                  type="checkbox"
                  checked={entries.includes(r.ruleset)}
                  onChange={(e) => toggleEntry(r.ruleset, e.target.checked)}
                />
                <span className="wrap-anywhere">{r.ruleset}</span>
              </label>
            ))}
          </div>
        </fieldset>
      </form>
      {reach && <ReachAnswerView answer={reach} stale={checking} />}
    </section>
  );
}

function serviceOf(r: { destination: string; proto: string; port: number | null }): string {
  return `${r.destination} ${r.port === null ? r.proto : `${r.port}/${r.proto}`}`;
}

/** "4,294,967,296 (all IPv4) addresses, 3,702,258,434 of them public (100% of public space)." */
function countsOf(r: ReachResult): string {
  const p = r.permissiveness;
  const family = r.destination.includes(':') ? 6 : 4;
  const admitted = family === 4 ? p.admittedV4 : p.admittedV6;
  const publicCount = family === 4 ? p.publicV4 : p.publicV6;
  const addresses = `${formatAddressCount(admitted, family)} ${admitted === '1' ? 'address' : 'addresses'}`;
  if (publicCount === '0') return `${addresses}, none of them public.`;
  const share = `${formatPercent(p.publicShare)} of public space`;
  return `${addresses}, ${formatAddressCount(publicCount, family)} of them public (${share}).`;
}

type Tone = 'any' | 'some' | 'maybe' | 'none';

/** The headline and its tone: a sentence a QSA can quote. */
function headlineOf(r: ReachResult): { tone: Tone; text: string; more: string | null } {
  const p = r.permissiveness;
  const family = r.destination.includes(':') ? 6 : 4;
  const admitted = BigInt(family === 4 ? p.admittedV4 : p.admittedV6);
  const conditional = BigInt(family === 4 ? p.conditionalV4 : p.conditionalV6);
  const publicCount = BigInt(family === 4 ? p.publicV4 : p.publicV6);
  const what = serviceOf(r);
  const addresses = (n: bigint) =>
    `${formatAddressCount(n.toString(), family)} IPv${family} ${n === 1n ? 'address' : 'addresses'}`;
  const maybe =
    conditional > 0n ? `${addresses(conditional)} more may, depending on conditions the rules leave open.` : null;
  if (p.anySource) return { tone: 'any', text: `Any source can reach ${what}`, more: null };
  if (admitted > 0n) {
    const share = publicCount === 0n ? 'none of them public' : `${formatPercent(p.publicShare)} of public space`;
    return { tone: 'some', text: `${addresses(admitted)} (${share}) can reach ${what}`, more: maybe };
  }
  if (p.anySourceConditional) {
    return {
      tone: 'maybe',
      text: `Any source may reach ${what}`,
      more: 'No source is admitted for certain: it depends on conditions the rules leave open.',
    };
  }
  if (conditional > 0n) {
    return {
      tone: 'maybe',
      text: `No source is certain to reach ${what}`,
      more: `${addresses(conditional)} may, depending on conditions the rules leave open.`,
    };
  }
  return { tone: 'none', text: `No source can reach ${what}`, more: null };
}

/** Items of each list of the answer shown before "Show all". */
const LIST_PREVIEW = { conditional: 8, byRule: 20, problems: 8 };

function ReachAnswerView({ answer, stale }: { answer: ReachAnswer; stale: boolean }) {
  const showRule = useRulesStore((s) => s.showRule);
  const [all, setAll] = useState({ conditional: false, byRule: false, problems: false });
  const request = answer.request;
  if (answer.error !== null) {
    return (
      <div className="reach-answer" data-testid="reach-answer">
        <Alert message={answer.error} />
      </div>
    );
  }
  const r = answer.result;
  const p = r.permissiveness;
  const device: DeviceKey = { importId: request.importId, device: r.device };
  const headline = headlineOf(r);
  const show = (rule: RuleRef | null, ruleset: string) => void showRule(request.path, device, ruleset, rule);

  return (
    <div className={stale ? 'reach-answer stale' : 'reach-answer'} data-testid="reach-answer" aria-live="polite">
      <div className={`reach-headline reach-${headline.tone}`}>
        <p className="reach-headline-text">
          {headline.tone === 'any' && <span aria-hidden="true">⚠ </span>}
          <span data-testid="reach-headline">{headline.text}</span>
        </p>
        {headline.more && <p className="reach-headline-more">{headline.more}</p>}
        <p className="reach-context small">
          On <strong>{r.device}</strong>, entering at <Entries entries={r.entries} /> (
          {request.entry ? 'as ticked' : 'the core’s choice'})
          {request.direction === 'out' ? ', outbound' : request.direction === null ? ', either direction' : ''}.
        </p>
      </div>

      <div className="reach-grid">
        <div className="reach-block">
          <h3 className="sub-title">Admitted sources</h3>
          {r.admittedCidrs.length > 0 ? (
            <>
              <p className="small" data-testid="reach-counts">
                {countsOf(r)}
              </p>
              <CidrList cidrs={r.admittedCidrs} label="Admitted sources" />
            </>
          ) : (
            <p className="muted small">None for certain.</p>
          )}
        </div>
        <div className="reach-block">
          <h3 className="sub-title">By rule</h3>
          {r.byRule.length === 0 ? (
            <p className="muted small">No rule admits this traffic.</p>
          ) : (
            <table className="by-rule" data-testid="reach-by-rule" aria-label="Admitting rules">
              <thead>
                <tr>
                  <th scope="col">Rule</th>
                  <th scope="col" className="by-rule-action">
                    Action
                  </th>
                  <th scope="col">Sources it admits</th>
                </tr>
              </thead>
              <tbody>
                {(all.byRule ? r.byRule : r.byRule.slice(0, LIST_PREVIEW.byRule)).map((b, i) => (
                  <tr key={i}>
                    <th scope="row">
                      <RuleLink rule={b.rule} ruleset={b.ruleset} onShow={show} />
                      {b.rule && formatLines(b.rule.lineFrom, b.rule.lineTo) && (
                        <span className="muted small nowrap"> · {formatLines(b.rule.lineFrom, b.rule.lineTo)}</span>
                      )}
                      {b.rule?.name && <div className="wrap-anywhere">{b.rule.name}</div>}
                    </th>
                    <td className="by-rule-action">
                      {b.rule ? (
                        <ActionTag action={b.rule.action} target={b.rule.target} />
                      ) : (
                        <span className="muted small nowrap">policy</span>
                      )}
                    </td>
                    <td>
                      {b.cidrs.length > 0 && <CidrList cidrs={b.cidrs} label="Sources it admits" small />}
                      {b.conditionalCidrs.length > 0 && (
                        <div className="by-rule-maybe">
                          <span className="muted small">maybe:</span>
                          <CidrList cidrs={b.conditionalCidrs} label="Sources it may admit" small />
                        </div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <MoreButton
            total={r.byRule.length}
            limit={LIST_PREVIEW.byRule}
            open={all.byRule}
            onToggle={() => setAll((a) => ({ ...a, byRule: !a.byRule }))}
          />
        </div>
      </div>

      {(r.conditionalCidrs.length > 0 || r.conditional.length > 0) && (
        <div className="reach-block">
          <h3 className="sub-title">Admitted only if conditions hold</h3>
          {r.conditionalCidrs.length > 0 ? (
            <CidrList cidrs={r.conditionalCidrs} label="Conditionally admitted sources" />
          ) : (
            <p className="muted small">No source depends on these conditions.</p>
          )}
          {r.conditional.length > 0 && (
            <>
              <p className="small">
                {formatCount(r.conditional.length, 'rule')} the analysis cannot decide for this traffic:
              </p>
              <ul className="plain-list reach-doubts" aria-label="Conditions the rules leave open">
                {(all.conditional ? r.conditional : r.conditional.slice(0, LIST_PREVIEW.conditional)).map((c, i) => (
                  <li key={i}>
                    <div className="doubt-head">
                      <RuleLink rule={c.rule} ruleset={c.ruleset} onShow={show} />
                      {c.rule && <ActionTag action={c.rule.action} target={c.rule.target} />}
                    </div>
                    <ul className="doubt-list">
                      {c.doubts.map((d, j) => (
                        <li key={j} className="wrap-anywhere">
                          {d}
                        </li>
                      ))}
                    </ul>
                    {c.cidrs.length > 0 && <CidrList cidrs={c.cidrs} label="Sources it decides" small />}
                  </li>
                ))}
              </ul>
              <MoreButton
                total={r.conditional.length}
                limit={LIST_PREVIEW.conditional}
                open={all.conditional}
                onToggle={() => setAll((a) => ({ ...a, conditional: !a.conditional }))}
              />
            </>
          )}
        </div>
      )}

      {(p.shadowed.length > 0 || p.unreachable.length > 0) && (
        <Findings shadowed={p.shadowed} unreachable={p.unreachable} onShow={show} />
      )}
      {r.problems.length > 0 && (
        <div className="reach-problems" role="note">
          <h3 className="sub-title">Problems</h3>
          <ul>
            {(all.problems ? r.problems : r.problems.slice(0, LIST_PREVIEW.problems)).map((problem, i) => (
              <li key={i} className="wrap-anywhere">
                {problem}
              </li>
            ))}
          </ul>
          <MoreButton
            total={r.problems.length}
            limit={LIST_PREVIEW.problems}
            open={all.problems}
            onToggle={() => setAll((a) => ({ ...a, problems: !a.problems }))}
          />
        </div>
      )}
    </div>
  );
}

/** The entry rulesets the core used; a device with hundreds of them shows the first few until asked. */
function Entries({ entries }: { entries: string[] }) {
  const [all, setAll] = useState(false);
  const limit = 6;
  const shown = all ? entries : entries.slice(0, limit);
  return (
    <>
      <span className="mono" data-testid="reach-entries">
        {shown.join(', ')}
      </span>
      {entries.length > limit && (
        <>
          {' '}
          <button type="button" className="link-button" aria-expanded={all} onClick={() => setAll((v) => !v)}>
            {all ? 'show fewer' : `and ${(entries.length - limit).toLocaleString('en-US')} more`}
          </button>
        </>
      )}
    </>
  );
}

function MoreButton({
  total,
  limit,
  open,
  onToggle,
}: {
  total: number;
  limit: number;
  open: boolean;
  onToggle(): void;
}) {
  if (total <= limit) return null;
  return (
    <button type="button" className="button small quiet" aria-expanded={open} onClick={onToggle}>
      {open ? 'Show fewer' : `Show all ${total.toLocaleString('en-US')}`}
    </button>
  );
}

function ruleName(rule: RuleRef | null, ruleset: string): string {
  return rule ? `${rule.ruleset} #${rule.order}` : `${ruleset} default policy`;
}

function RuleLink({
  rule,
  ruleset,
  onShow,
}: {
  rule: RuleRef | null;
  ruleset: string;
  onShow(rule: RuleRef | null, ruleset: string): void;
}) {
  return (
    <button
      type="button"
      className="link-button rule-link mono"
      title={rule ? 'Show this rule in the table' : 'Show this ruleset'}
      onClick={() => onShow(rule, rule?.ruleset ?? ruleset)}
    >
      {ruleName(rule, ruleset)}
    </button>
  );
}

function CidrList({ cidrs, label, small }: { cidrs: string[]; label: string; small?: boolean }) {
  const [all, setAll] = useState(false);
  const preview = small ? CIDR_PREVIEW_SMALL : CIDR_PREVIEW;
  const shown = all ? cidrs : cidrs.slice(0, preview);
  return (
    <div className={small ? 'cidrs cidrs-small' : 'cidrs'}>
      <ul className="cidr-list" aria-label={label}>
        {shown.map((c) => (
          <li key={c} className="cidr mono">
            {c}
          </li>
        ))}
      </ul>
      {cidrs.length > preview && (
        <button type="button" className="button small quiet" onClick={() => setAll((v) => !v)}>
          {all ? 'Show fewer' : `Show all ${cidrs.length.toLocaleString('en-US')}`}
        </button>
      )}
    </div>
  );
}

const UNREACHABLE: Record<ReachResult['permissiveness']['unreachable'][number]['reason'], string> = {
  'ruleset-not-entered': 'is never evaluated: nothing enters its ruleset from these entry rulesets',
  'outside-ruleset-entry': 'is never evaluated: it matches none of the traffic that is sent into its ruleset',
  'matches-nothing': 'matches no packet at all',
};

function Findings({
  shadowed,
  unreachable,
  onShow,
}: {
  shadowed: ReachResult['permissiveness']['shadowed'];
  unreachable: ReachResult['permissiveness']['unreachable'];
  onShow(rule: RuleRef | null, ruleset: string): void;
}) {
  const [open, setOpen] = useState(false);
  const limit = 8;
  const items = [
    ...shadowed.map((s, i) => (
      <li key={`s${i}`}>
        <RuleLink rule={s.rule} ruleset={s.rule.ruleset} onShow={onShow} /> is shadowed by{' '}
        {s.by.map((b, j) => (
          <span key={j}>
            {j > 0 && ', '}
            <RuleLink rule={b} ruleset={b.ruleset} onShow={onShow} />
          </span>
        ))}
        {s.conflicting ? (
          <strong className="finding-conflict">, which decide otherwise</strong>
        ) : (
          <span className="muted">: redundant, they already decide the same way</span>
        )}
      </li>
    )),
    ...unreachable.map((u, i) => (
      <li key={`u${i}`}>
        <RuleLink rule={u.rule} ruleset={u.rule.ruleset} onShow={onShow} /> {UNREACHABLE[u.reason]}
      </li>
    )),
  ];
  return (
    <div className="reach-findings">
      <h3 className="sub-title">
        Ruleset findings{' '}
        <span className="finding-count">
          ({formatCount(shadowed.length, 'shadowed rule')}, {formatCount(unreachable.length, 'unreachable rule')})
        </span>
      </h3>
      <ul className="plain-list findings">{open ? items : items.slice(0, limit)}</ul>
      {items.length > limit && (
        <button type="button" className="button small quiet" onClick={() => setOpen((v) => !v)}>
          {open ? 'Show fewer' : `Show all ${items.length.toLocaleString('en-US')}`}
        </button>
      )}
    </div>
  );
}

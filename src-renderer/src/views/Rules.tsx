// Rules: the firewall rules, host firewall chains and cloud security groups the rulebase imports
// produced. Left, every device with its rulesets, rule counts and default policies; right, the
// reachability question (which sources reach a destination through the device) and the chosen
// ruleset's rules in evaluation order, one page at a time from the core. A row opens to everything the
// parser kept about the rule, down to its original text.
import { Fragment, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { call, messageOf } from '../api/client';
import type { ImportRecord, RuleAction, RuleDevice, RuleListRequest, RulesetPolicy, StoredRule } from '../api/types';
import { ActionTag, actionTone } from '../components/ActionTag';
import { Alert } from '../components/Alert';
import { NotesList } from '../components/NotesList';
import { formatCount, formatLines, formatPageRange } from '../format';
import { useEngagementStore } from '../store/engagement-store';
import { RULES_PAGE, isSelected, keyOf, sameDevice, useRulesStore } from '../store/rules-store';
import { Reachability } from './Reachability';
import { PagerButtons } from '../components/PagerButtons';

/** How many addresses a table cell shows before "+N more". */
const CELL_ADDRESSES = 3;
const CELL_PORTS = 4;

/** Changes whenever an import adds rules, so the answers below are asked again. */
function useRulesVersion(): string {
  const imports = useEngagementStore((s) => s.imports);
  const rules = imports.reduce((sum, r) => sum + r.ruleCount, 0);
  return `${imports.length}:${imports.at(-1)?.importId ?? 0}:${rules}`;
}

type DevicesAnswer = { key: string; devices: RuleDevice[]; error: null } | { key: string; error: string };

export function Rules({ path }: { path: string }) {
  const version = useRulesVersion();
  const key = JSON.stringify({ path, version });
  const [answer, setAnswer] = useState<DevicesAnswer | null>(null);
  const selected = useRulesStore((s) => s.selected);

  useEffect(() => {
    let live = true;
    const { path: p } = JSON.parse(key) as { path: string };
    call('rule.devices', { path: p }).then(
      (devices) => {
        if (live) setAnswer({ key, devices, error: null });
      },
      (err: unknown) => {
        if (live) setAnswer({ key, error: messageOf(err) });
      },
    );
    return () => {
      live = false;
    };
  }, [key]);

  const devices = answer && answer.error === null ? answer.devices : null;
  const current = devices?.find((d) => isSelected(d, selected)) ?? devices?.[0] ?? null;

  if (!answer) return <p className="muted">Loading rules…</p>;
  if (answer.error !== null) return <Alert message={answer.error} />;
  if (!devices || !current) {
    return (
      <section className="card" aria-labelledby="rules-empty-title">
        <h2 id="rules-empty-title">Rules</h2>
        <p className="empty">
          No rulebase imported yet. Import a firewall configuration, an <span className="mono">iptables-save</span> or{' '}
          <span className="mono">nft list ruleset</span> listing, or a cloud security group export from the Overview
          tab.
        </p>
      </section>
    );
  }

  return (
    <div className="rules-layout">
      <DeviceList devices={devices} current={current} />
      <div className="rules-main">
        <Reachability path={path} devices={devices} current={current} />
        <RulesTable path={path} device={current} version={version} />
      </div>
    </div>
  );
}

function DeviceList({ devices, current }: { devices: RuleDevice[]; current: RuleDevice }) {
  const id = useId();
  const { ruleset, selectDevice } = useRulesStore(
    useShallow((s) => ({ ruleset: s.ruleset, selectDevice: s.selectDevice })),
  );
  // Devices opened to their rulesets besides the current one (which always is).
  const [opened, setOpened] = useState<Set<string>>(() => new Set());
  const names = new Map<string, number>();
  for (const d of devices) names.set(d.device, (names.get(d.device) ?? 0) + 1);

  function toggle(k: string) {
    setOpened((prev) => {
      const next = new Set(prev);
      if (next.has(k)) next.delete(k);
      else next.add(k);
      return next;
    });
  }

  return (
    <aside className="card device-list" aria-labelledby={`${id}-title`}>
      <div className="card-head-text">
        <h2 id={`${id}-title`}>Devices</h2>
        <p className="muted small">
          {formatCount(devices.length, 'device')},{' '}
          {formatCount(
            devices.reduce((n, d) => n + d.rulesets.length, 0),
            'ruleset',
          )}
        </p>
      </div>
      <ul className="devices" aria-label="Devices">
        {devices.map((d) => {
          const k = `${d.importId}\u0000${d.device}`;
          const isCurrent = sameDevice(keyOf(d), keyOf(current));
          const open = isCurrent || opened.has(k);
          const rules = d.rulesets.reduce((n, r) => n + r.rules, 0);
          return (
            <li key={k} className={isCurrent ? 'device current' : 'device'} data-testid="device">
              <div className="device-head">
                <button
                  type="button"
                  className="device-toggle"
                  aria-expanded={open}
                  aria-label={`${open ? 'Hide' : 'Show'} the rulesets of ${d.device}`}
                  disabled={isCurrent}
                  onClick={() => toggle(k)}
                >
                  <span aria-hidden="true">{open ? '▾' : '▸'}</span>
                </button>
                <button
                  type="button"
                  className="device-name"
                  aria-current={isCurrent && ruleset === null ? 'true' : undefined}
                  onClick={() => selectDevice(keyOf(d))}
                >
                  <span className="device-title wrap-anywhere">{d.device}</span>
                  <span className="device-meta muted small">
                    <span className="wrap-anywhere">{d.fileName}</span>
                    {names.get(d.device)! > 1 && <span> (import {d.importId})</span>}
                    <br />
                    {d.format} · {formatCount(rules, 'rule')}
                  </span>
                </button>
              </div>
              {open && (
                <ul className="rulesets" aria-label={`Rulesets of ${d.device}`}>
                  {d.rulesets.map((r) => {
                    const chosen = isCurrent && ruleset === r.ruleset;
                    return (
                      <li key={r.ruleset}>
                        <button
                          type="button"
                          className={`ruleset-button${chosen ? ' chosen' : ''}${r.rules === 0 ? ' empty-ruleset' : ''}`}
                          aria-current={chosen ? 'true' : undefined}
                          data-testid="ruleset"
                          onClick={() => selectDevice(keyOf(d), r.ruleset)}
                        >
                          <span className="ruleset-name wrap-anywhere">{r.ruleset}</span>
                          <span className="ruleset-meta">
                            <span className="ruleset-count">{formatCount(r.rules, 'rule')}</span>
                            {r.policy && (
                              <span className={`policy policy-${actionTone(r.policy)}`} title="Default policy">
                                policy {r.policy}
                              </span>
                            )}
                          </span>
                        </button>
                      </li>
                    );
                  })}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
    </aside>
  );
}

type PageAnswer =
  | { key: string; total: number; rows: StoredRule[]; policies: RulesetPolicy[]; error: null }
  | { key: string; error: string };

function RulesTable({ path, device, version }: { path: string; device: RuleDevice; version: string }) {
  const id = useId();
  const imports = useEngagementStore((s) => s.imports);
  const { ruleset, offset, expanded, focus, locateError, selectRuleset, setOffset, toggleRule } = useRulesStore(
    useShallow((s) => ({
      ruleset: s.ruleset,
      offset: s.offset,
      expanded: s.expanded,
      focus: s.focus,
      locateError: s.locateError,
      selectRuleset: s.selectRuleset,
      setOffset: s.setOffset,
      toggleRule: s.toggleRule,
    })),
  );
  const key = JSON.stringify({
    request: {
      path,
      importId: device.importId,
      device: device.device,
      ...(ruleset !== null ? { ruleset } : {}),
      offset,
      limit: RULES_PAGE,
    },
    version,
  });
  const [answer, setAnswer] = useState<PageAnswer | null>(null);

  useEffect(() => {
    let live = true;
    const { request } = JSON.parse(key) as { request: RuleListRequest };
    call('rule.list', request).then(
      (page) => {
        if (live) setAnswer({ key, ...page, error: null });
      },
      (err: unknown) => {
        if (live) setAnswer({ key, error: messageOf(err) });
      },
    );
    return () => {
      live = false;
    };
  }, [key]);

  const loading = answer?.key !== key;
  const page = answer && answer.error === null ? answer : null;
  const record = imports.find((r) => r.importId === device.importId);
  const policies = useMemo(() => new Map((page?.policies ?? []).map((p) => [p.ruleset, p])), [page]);
  const summary = ruleset === null ? null : device.rulesets.find((r) => r.ruleset === ruleset);

  // A rule shown from a reachability answer is scrolled to once, when its page has arrived.
  const tableRef = useRef<HTMLTableElement>(null);
  const scrolled = useRef(0);
  useEffect(() => {
    if (!focus || loading || scrolled.current === focus.seq) return;
    const row = tableRef.current?.querySelector<HTMLElement>(`tr[data-rule-id="${focus.ruleId}"]`);
    if (!row) return;
    scrolled.current = focus.seq;
    row.scrollIntoView({ block: 'center' });
    row.querySelector<HTMLElement>('.toggle')?.focus({ preventScroll: true });
  }, [focus, loading, page]);

  const title = ruleset ?? `${device.device}: all rulesets`;
  const policy = ruleset !== null ? (policies.get(ruleset) ?? null) : null;

  return (
    <section className="card rules" aria-labelledby={`${id}-title`}>
      <div className="card-head">
        <div className="card-head-text">
          <h2 id={`${id}-title`} className="wrap-anywhere" data-testid="rules-title">
            {title}
          </h2>
          <p className="muted small wrap-anywhere">
            {ruleset !== null && <>{device.device} · </>}
            {device.fileName} · {device.format}
            {ruleset !== null && summary?.policy && (
              <>
                {' '}
                · default policy{' '}
                <strong className={`policy-text policy-${actionTone(summary.policy)}`}>{summary.policy}</strong>
                {policy?.lineFrom != null && <span className="nowrap"> (line {policy.lineFrom})</span>}
              </>
            )}
          </p>
        </div>
        {ruleset !== null && (
          <div className="toolbar">
            <button type="button" className="button small" onClick={() => selectRuleset(null)}>
              All rulesets of {device.device}
            </button>
          </div>
        )}
      </div>
      {record && record.noteCount > 0 && <CoverageWarning path={path} record={record} />}
      <Alert message={locateError} />
      <div className="pager">
        <p className="pager-range" role="status" aria-live="polite" data-testid="rules-range">
          {page ? rangeText(page.total, offset, page.rows.length, ruleset, summary?.policy ?? null) : 'Loading…'}
        </p>
        {page && page.total > RULES_PAGE && (
          <PagerButtons total={page.total} offset={offset} pageSize={RULES_PAGE} setOffset={setOffset} />
        )}
      </div>
      <Alert message={answer?.error ?? null} />
      {page && page.rows.length > 0 && (
        <div className={loading ? 'table-wrap stale' : 'table-wrap'} aria-busy={loading}>
          <table className="table rules-table" aria-labelledby={`${id}-title`} ref={tableRef}>
            <thead>
              <tr>
                <th scope="col" className="cell-toggle">
                  <span className="visually-hidden">Details</span>
                </th>
                <th scope="col" className="num">
                  #
                </th>
                <th scope="col">Action</th>
                <th scope="col">Proto</th>
                <th scope="col">Sources</th>
                <th scope="col">Destinations</th>
                <th scope="col">Ports</th>
                <th scope="col">Name / comment</th>
                <th scope="col" className="num">
                  Hits
                </th>
                <th scope="col">Enabled</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((row, i) => {
                const previous = page.rows[i - 1];
                const startsRuleset = ruleset === null && (!previous || previous.ruleset !== row.ruleset);
                return (
                  <Fragment key={row.ruleId}>
                    {startsRuleset && (
                      <RulesetRow
                        ruleset={row.ruleset}
                        policy={policies.get(row.ruleset) ?? null}
                        onSelect={() => selectRuleset(row.ruleset)}
                      />
                    )}
                    <RuleRows
                      row={row}
                      alt={i % 2 === 1}
                      open={expanded === row.ruleId}
                      focused={focus?.ruleId === row.ruleId}
                      onToggle={() => toggleRule(row.ruleId)}
                    />
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {page && page.total > RULES_PAGE && page.rows.length > 20 && (
        <div className="pager pager-bottom">
          <p className="pager-range muted">{formatPageRange(offset, page.rows.length, page.total)}</p>
          <PagerButtons total={page.total} offset={offset} pageSize={RULES_PAGE} setOffset={setOffset} />
        </div>
      )}
    </section>
  );
}

function rangeText(
  total: number,
  offset: number,
  shown: number,
  ruleset: string | null,
  policy: RuleAction | null,
): string {
  if (total === 0) {
    if (ruleset === null) return 'This device has no rules, only default policies.';
    return policy
      ? `${ruleset} has no rules: its default policy (${policy}) decides all traffic that enters it.`
      : `${ruleset} has no rules.`;
  }
  if (shown === 0) return `No rules on this page; ${formatCount(total, 'rule')} in all.`;
  return `${formatPageRange(offset, shown, total)} ${total === 1 ? 'rule' : 'rules'}, in evaluation order`;
}

function CoverageWarning({ path, record }: { path: string; record: ImportRecord }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="coverage-warning" data-testid="coverage-warning">
      <p>
        <span aria-hidden="true">⚠ </span>
        {formatCount(record.noteCount, 'part')} of <span className="mono">{record.fileName}</span>{' '}
        {record.noteCount === 1 ? 'was' : 'were'} not understood or skipped by the parser; the rules below may be
        incomplete.{' '}
        <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen((v) => !v)}>
          {open ? 'Hide' : 'Show'}
        </button>
      </p>
      {open && <NotesList path={path} importId={record.importId} total={record.noteCount} />}
    </div>
  );
}

function RulesetRow({
  ruleset,
  policy,
  onSelect,
}: {
  ruleset: string;
  policy: RulesetPolicy | null;
  onSelect(): void;
}) {
  return (
    <tr className="ruleset-row">
      <th scope="rowgroup" colSpan={10}>
        <button type="button" className="link-button ruleset-link" onClick={onSelect}>
          {ruleset}
        </button>
        {policy && (
          <span className="muted small">
            {' '}
            · default policy{' '}
            <strong className={`policy-text policy-${actionTone(policy.policy)}`}>{policy.policy}</strong>
          </span>
        )}
      </th>
    </tr>
  );
}

const ANY_V4 = '0.0.0.0/0';
const ANY_V6 = '::/0';

/** Addresses as people read them: "any" for both whole families, "any IPv4" / "any IPv6" for one. */
function readableAddresses(list: string[]): string[] {
  const hasV4 = list.includes(ANY_V4);
  const hasV6 = list.includes(ANY_V6);
  if (hasV4 && hasV6) return ['any', ...list.filter((a) => a !== ANY_V4 && a !== ANY_V6)];
  return list.map((a) => (a === ANY_V4 ? 'any IPv4' : a === ANY_V6 ? 'any IPv6' : a));
}

function AddressCell({ list, negated }: { list: string[]; negated: boolean }) {
  const shown = readableAddresses(list);
  if (shown.length === 0) return <span className="muted">none</span>;
  const more = shown.length - CELL_ADDRESSES;
  return (
    <span className={negated ? 'addresses negated' : 'addresses'}>
      {negated && (
        <span className="negation mono" title="Negated: every address except these" aria-label="not">
          !
        </span>
      )}
      <span className="address-stack">
        {shown.slice(0, CELL_ADDRESSES).map((a, i) => (
          <span key={i} className="address mono">
            {a}
          </span>
        ))}
        {more > 0 && <span className="more muted small">+{more.toLocaleString('en-US')} more</span>}
      </span>
    </span>
  );
}

/** The interface or zone a side of the rule is limited to, under its addresses. */
function Via({
  iface,
  zone,
  ifaceLabel,
  zoneLabel,
}: {
  iface: string | null;
  zone: string | null;
  ifaceLabel: string;
  zoneLabel: string;
}) {
  if (!iface && !zone) return null;
  return (
    <div className="via muted small wrap-anywhere">
      {iface && (
        <div>
          {ifaceLabel} <span className="mono">{iface}</span>
        </div>
      )}
      {zone && (
        <div>
          {zoneLabel} <span className="mono">{zone}</span>
        </div>
      )}
    </div>
  );
}

function portsText(ports: string[] | null, limit = CELL_PORTS): string {
  if (ports === null) return 'any';
  if (ports.length <= limit) return ports.join(', ');
  return `${ports.slice(0, limit).join(', ')} +${(ports.length - limit).toLocaleString('en-US')} more`;
}

function RuleRows({
  row,
  alt,
  open,
  focused,
  onToggle,
}: {
  row: StoredRule;
  alt: boolean;
  open: boolean;
  focused: boolean;
  onToggle(): void;
}) {
  const detailsId = useId();
  const doubts = row.unresolved.length + row.conditions.length;
  const classes = ['rule-row'];
  if (alt) classes.push('row-alt');
  if (open) classes.push('open');
  if (focused) classes.push('focused');
  if (!row.enabled) classes.push('disabled');
  return (
    <Fragment>
      <tr className={classes.join(' ')} data-testid="rule" data-rule-id={row.ruleId} onClick={onToggle}>
        <td className="cell-toggle">
          <button
            type="button"
            className="toggle"
            aria-expanded={open}
            aria-controls={open ? detailsId : undefined}
            aria-label={`Details of ${row.ruleset} #${row.order}`}
          >
            <span aria-hidden="true">{open ? '▾' : '▸'}</span>
          </button>
        </td>
        <td className="num nowrap">
          {doubts > 0 && (
            <span
              className="rule-doubt"
              role="img"
              aria-label={doubtText(row)}
              title={doubtText(row)}
              data-testid="rule-doubt"
            >
              ⚠
            </span>
          )}
          {row.order.toLocaleString('en-US')}
        </td>
        <td className="rule-action">
          <ActionTag action={row.action} target={row.target} />
        </td>
        <td>
          <span className="mono">{row.protocol}</span>
        </td>
        <td>
          <AddressCell list={row.sources} negated={row.sourcesNegated} />
          <Via iface={row.interfaces.in} zone={row.zones.from} ifaceLabel="in" zoneLabel="from zone" />
        </td>
        <td>
          <AddressCell list={row.destinations} negated={row.destinationsNegated} />
          <Via iface={row.interfaces.out} zone={row.zones.to} ifaceLabel="out" zoneLabel="to zone" />
        </td>
        <td className="wrap-anywhere">
          {row.destinationPorts === null ? (
            <span className="muted">any</span>
          ) : (
            <span className="mono">{portsText(row.destinationPorts)}</span>
          )}
        </td>
        <td className="rule-name">
          {row.name && <div className="wrap-anywhere">{row.name}</div>}
          {row.comment && <div className="muted small clamp wrap-anywhere">{row.comment}</div>}
          {!row.name && !row.comment && <span className="muted">—</span>}
        </td>
        <td className="num">
          {row.hitCount === null ? <span className="muted">—</span> : row.hitCount.toLocaleString('en-US')}
        </td>
        <td>{row.enabled ? 'yes' : <span className="tag tag-off">disabled</span>}</td>
      </tr>
      {open && (
        <tr className="expansion" id={detailsId}>
          <td colSpan={10}>
            <RuleDetails row={row} />
          </td>
        </tr>
      )}
    </Fragment>
  );
}

function doubtText(row: StoredRule): string {
  const parts: string[] = [];
  if (row.unresolved.length > 0) parts.push(formatCount(row.unresolved.length, 'unresolved name'));
  if (row.conditions.length > 0) parts.push(formatCount(row.conditions.length, 'condition'));
  return `${parts.join(' and ')} the analysis cannot decide`;
}

function AddressList({ list, negated }: { list: string[]; negated: boolean }) {
  if (list.length === 0) return <span className="muted">none</span>;
  return (
    <span className="mono address-block">
      {negated && <strong>not </strong>}
      {list.join(', ')}
    </span>
  );
}

function Names({ list }: { list: string[] }) {
  return (
    <ul className="plain-list">
      {list.map((n, i) => (
        <li key={i} className="wrap-anywhere">
          {n}
        </li>
      ))}
    </ul>
  );
}

function RuleDetails({ row }: { row: StoredRule }) {
  const fields: [string, ReactNode][] = [];
  const add = (label: string, value: ReactNode | null | undefined) => {
    if (value !== null && value !== undefined && value !== '') fields.push([label, value]);
  };
  add('Ruleset', <span className="mono">{row.ruleset}</span>);
  add('Action', <ActionTag action={row.action} target={row.target} />);
  add('Sources', <AddressList list={row.sources} negated={row.sourcesNegated} />);
  add('Destinations', <AddressList list={row.destinations} negated={row.destinationsNegated} />);
  add('Protocol', <span className="mono">{row.protocol}</span>);
  add('Destination ports', <span className="mono">{row.destinationPorts?.join(', ') ?? 'any'}</span>);
  add('Source ports', <span className="mono">{row.sourcePorts?.join(', ') ?? 'any'}</span>);
  add('Direction', row.direction === 'in' ? 'inbound' : row.direction === 'out' ? 'outbound' : null);
  add('Interface in', row.interfaces.in && <span className="mono">{row.interfaces.in}</span>);
  add('Interface out', row.interfaces.out && <span className="mono">{row.interfaces.out}</span>);
  add('Zone from', row.zones.from);
  add('Zone to', row.zones.to);
  add('Name', row.name);
  add('Comment', row.comment && <span className="prewrap">{row.comment}</span>);
  add('Hits', row.hitCount?.toLocaleString('en-US'));
  add('Enabled', row.enabled ? 'yes' : 'no: disabled rules match nothing');
  add('Objects used', row.objects.length > 0 ? <Names list={row.objects} /> : null);
  add(
    'Unresolved',
    row.unresolved.length > 0 ? (
      <span className="doubt-text">
        <Names list={row.unresolved} />
      </span>
    ) : null,
  );
  add(
    'Conditions',
    row.conditions.length > 0 ? (
      <span className="doubt-text">
        <Names list={row.conditions} />
      </span>
    ) : null,
  );
  add('Lines', formatLines(row.lineFrom, row.lineTo));

  return (
    <div className="rule-details" data-testid="rule-details">
      <dl className="kv">
        {fields.map(([label, value]) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
      </dl>
      <figure className="script rule-text">
        <figcaption>
          Original text
          {formatLines(row.lineFrom, row.lineTo) && (
            <span className="muted small"> ({formatLines(row.lineFrom, row.lineTo)})</span>
          )}
        </figcaption>
        <pre data-testid="rule-text">{row.text}</pre>
      </figure>
    </div>
  );
}

// One section per insecure item: what was found and where, the decision and why the service is needed,
// where rules allow it (admitted sources and rule lines), its hosts, each security feature → where it is
// implemented → how it was tested (results and evidence ids), and what still keeps it from being
// audit-ready.
import { bullets, paragraph } from './blocks';
import { itemHeading } from './contents';
import { plural } from './safe-text';
import { facts, table, type Cell, type Fact } from './table';
import type { FeatureLine, ItemReport, ReportData } from './types';
import { COLORS, type ReportWriter } from './writer';

/** Justifications longer than this get a paragraph of their own instead of a row. */
const LONG_TEXT = 900;

function decision(w: ReportWriter, it: ItemReport): void {
  const r = it.review.record;
  w.heading(3, 'Decision');
  if (!it.review.saved) {
    paragraph(w, 'Not reviewed yet: no disposition, owner or approval is recorded.', { color: '#9c2a2a' });
    return;
  }
  const people = [
    r.owner && `owner ${r.owner}`,
    r.requester && `requested by ${r.requester}`,
    r.approver && `approved by ${r.approver}`,
  ].filter(Boolean);
  const dates = [
    r.decisionDate && `decided ${r.decisionDate}`,
    r.expiryDate && `expires ${r.expiryDate}`,
    r.reviewCadenceDays !== null && `reviewed every ${plural(r.reviewCadenceDays, 'day')}`,
    r.targetDate && `target ${r.targetDate}`,
  ].filter(Boolean);
  // The exception's status matters when the service stays (constrain) or once it has moved on.
  const status = r.disposition === 'constrain' || r.status !== 'draft' ? `; exception ${r.status}` : '';
  const pairs: Fact[] = [
    ['Disposition', `${r.disposition ?? 'none yet'}${status}`],
    ['People', people.length > 0 ? people.join('; ') : 'no owner, requester or approver recorded'],
    ['Dates', dates.length > 0 ? dates.join('; ') : 'none recorded'],
  ];
  if (r.dependency) pairs.push(['Needed by', r.dependency]);
  if (r.thirdParty) pairs.push(['Third party', r.thirdParty]);
  if (r.tickets.length > 0) pairs.push(['Change tickets', r.tickets.join(', ')]);
  // Disabling needs no business case; keeping or replacing does.
  const needsCase = r.disposition !== 'disable' || r.justification !== null;
  const justification = r.justification ?? 'No business justification is recorded.';
  if (needsCase && justification.length <= LONG_TEXT) pairs.push(['Why it is needed', justification]);
  if (r.replacementPlan && r.replacementPlan.length <= LONG_TEXT) pairs.push(['Replacement plan', r.replacementPlan]);
  if (r.retirementPlan && r.retirementPlan.length <= LONG_TEXT) pairs.push(['Retirement plan', r.retirementPlan]);
  pairs.push(['Recorded', `${it.review.updatedAt ?? ''} by ${it.review.updatedBy ?? ''}`]);
  facts(w, pairs);
  if (needsCase && justification.length > LONG_TEXT) {
    w.heading(3, 'Why it is needed');
    paragraph(w, justification);
  }
  if (r.replacementPlan && r.replacementPlan.length > LONG_TEXT) paragraph(w, `Replacement plan: ${r.replacementPlan}`);
  if (r.retirementPlan && r.retirementPlan.length > LONG_TEXT) paragraph(w, `Retirement plan: ${r.retirementPlan}`);
}

function admitted(r: ItemReport['reach'][number]): Cell {
  if (r.anySource) return { text: `ANY SOURCE (${r.admitted.join(', ')})`, font: 'bold', color: '#9c2a2a' };
  const parts = [r.admitted.join(', '), r.conditional.length > 0 ? `maybe: ${r.conditional.join(', ')}` : ''];
  return parts.filter(Boolean).join('; ') || '—';
}

function whereAllowed(w: ReportWriter, it: ItemReport): void {
  w.heading(3, 'Where it is allowed');
  if (it.reach.length === 1) {
    // One host behind one device: a row says it as clearly as a table.
    const r = it.reach[0]!;
    const sources = admitted(r);
    facts(w, [
      typeof sources === 'string'
        ? ['Admitted sources', sources, 'mono']
        : ['Admitted sources', sources.text, 'mono', sources.color ?? COLORS.text],
      ['Rule lines', `${r.device} ${r.rules.join('; ')} (to ${r.hosts.join(', ')})`],
    ]);
  } else if (it.reach.length > 1) {
    table(
      w,
      [
        { header: 'Hosts', width: 1.6, font: 'mono' },
        { header: 'Device', width: 1.1 },
        { header: 'Admitted sources', width: 2.5, font: 'mono' },
        { header: 'Rule lines', width: 2.8 },
      ],
      it.reach.map((r) => [r.hosts.join(', '), r.device, admitted(r), r.rules.join('; ')]),
    );
  }
  for (const note of it.reachNotes) paragraph(w, note, { size: 8.5, color: COLORS.muted });
}

function hosts(w: ReportWriter, it: ItemReport): void {
  const only = it.item.hostCount === 1 ? it.hosts[0] : undefined;
  if (only) {
    facts(w, [
      ['Host', [only.asset, ...only.names].join(', '), 'mono'],
      ['Owner and purpose', `${only.owner ?? 'no owner recorded'}; ${only.purpose ?? 'no business purpose recorded'}`],
    ]);
    return;
  }
  w.heading(3, `Hosts (${it.item.hostCount.toLocaleString('en')})`);
  if (it.hosts.length > 0) {
    table(
      w,
      [
        { header: 'Host', width: 1.5, font: 'mono' },
        { header: 'Names', width: 1.6 },
        { header: 'Services', width: 1.1 },
        { header: 'Owner', width: 1.3 },
        { header: 'Business purpose', width: 2.5 },
      ],
      it.hosts.map((h) => [h.asset, h.names.join(', '), h.services.join(', '), h.owner ?? '—', h.purpose ?? '—']),
    );
  }
  const more = it.item.hostCount - it.hosts.length;
  if (more > 0)
    paragraph(w, `And ${plural(more, 'more host')}: see the inventory in the evidence package.`, { size: 8.5 });
}

function feature(w: ReportWriter, f: FeatureLine, n: number): void {
  w.ensureSpace(70);
  paragraph(w, `${f.id ?? `Feature ${n}`} · ${f.kind} · ${f.title}`, { font: 'bold', size: 9.5, gap: 2 });
  if (f.description) paragraph(w, f.description, { indent: 10 });
  paragraph(w, `Covers: ${f.hosts.length > 0 ? f.hosts.join(', ') : 'all hosts of the item'}`, { indent: 10, gap: 2 });
  w.ensureSpace(34);
  paragraph(w, 'Implemented by:', { indent: 10, font: 'bold', size: 8.5, gap: 1 });
  if (f.implementedBy.length > 0) bullets(w, f.implementedBy, { indent: 16, size: 8.5 });
  else paragraph(w, 'not located yet', { indent: 16, size: 8.5, color: '#9c2a2a' });
  if (f.tickets.length > 0) paragraph(w, `Change tickets: ${f.tickets.join(', ')}`, { indent: 10, size: 8.5 });
  w.ensureSpace(34);
  paragraph(w, 'Tested:', { indent: 10, font: 'bold', size: 8.5, gap: 1 });
  if (f.tests.length === 0) paragraph(w, 'no test recorded', { indent: 16, size: 8.5, color: '#9c2a2a' });
  f.tests.forEach((t, i) => {
    const head = [
      `Test ${i + 1}: ${t.result.toUpperCase()}`,
      t.testedOn && `on ${t.testedOn}`,
      t.tester && `by ${t.tester}`,
      `proof: ${t.proof ?? 'none'}`,
    ]
      .filter(Boolean)
      .join(' · ');
    const color = t.result === 'pass' ? '#2e6b2e' : t.result === 'fail' ? '#9c2a2a' : COLORS.muted;
    paragraph(w, head, { indent: 16, size: 8.5, font: 'bold', color, gap: 1 });
    paragraph(w, `Procedure: ${t.procedure}`, { indent: 24, size: 8.5, gap: 1 });
    if (t.expected) paragraph(w, `Expected: ${t.expected}`, { indent: 24, size: 8.5, gap: 1 });
    if (t.actual) paragraph(w, `Actual: ${t.actual}`, { indent: 24, size: 8.5, gap: 3 });
  });
  paragraph(w, `Evidence: ${f.evidenceRefs.length > 0 ? f.evidenceRefs.join(', ') : 'none cited'}`, {
    indent: 10,
    size: 8.5,
    color: COLORS.muted,
    gap: 8,
  });
}

function validation(w: ReportWriter, it: ItemReport): void {
  const blockers = it.review.issues.filter((i) => i.severity === 'blocker');
  const advice = it.review.issues.filter((i) => i.severity === 'advice');
  const lines = [...blockers, ...advice].map(
    (i) => `${i.severity === 'blocker' ? 'Gap' : 'Advice'}: ${i.message} Fix: ${i.fix}`,
  );
  const verdict =
    blockers.length === 0
      ? 'Audit-ready: nothing blocks this item.'
      : `Not audit-ready: ${plural(blockers.length, 'gap')} to close.`;
  const color = blockers.length === 0 ? '#2e6b2e' : '#9c2a2a';
  if (lines.length <= 1) {
    paragraph(w, `Readiness. ${verdict}`, { font: 'bold', color, size: 9, gap: lines.length === 0 ? 6 : 1 });
    if (lines[0]) paragraph(w, lines[0], { size: 8.5, gap: 6 });
    return;
  }
  w.heading(3, 'Readiness');
  paragraph(w, verdict, { font: 'bold', color });
  bullets(w, lines, { size: 8.5 });
}

export function itemSection(w: ReportWriter, d: ReportData, it: ItemReport): void {
  w.ensureSpace(240);
  w.beginSection();
  w.artifact(() => {
    w.doc
      .moveTo(w.left, w.doc.y)
      .lineTo(w.left + w.width, w.doc.y)
      .lineWidth(1)
      .strokeColor(COLORS.accent)
      .stroke();
  });
  w.doc.y += 6;
  const i = it.item;
  w.heading(2, itemHeading(it), { name: `item-${it.index}`, outlineParent: 'items' });
  paragraph(w, i.summary, { gap: 2 });
  const criteria = new Map(d.standard.current.document.criteria.map((c) => [c.id, c.title]));
  const nets = i.networks.filter((n) => n.network !== 'by name');
  const shown = nets.slice(0, 8).map((n) => `${n.network} (${n.hosts})`);
  const basis =
    i.basis === 'fact' ? 'a fact the scanner reported' : i.basis === 'service' ? 'the service name' : 'the port only';
  const sources = it.sources.map((s) => `import #${s.importId} ${s.fileName}${s.ref ? ` [${s.ref}]` : ''}`);
  facts(w, [
    ['Item key', i.key, 'mono'],
    ['Severity', `${i.severity}: ${i.criteria.map((c) => criteria.get(c) ?? c).join('; ')}`],
    [
      'Hosts',
      `${plural(i.hostCount, 'host')}${shown.length > 0 ? ` in ${shown.join(', ')}` : ''}${nets.length > shown.length ? ` and ${plural(nets.length - shown.length, 'more network')}` : ''}`,
    ],
    [
      'Seen',
      `${i.services.join(', ') || 'service not identified'} (matched on ${basis}), ${[i.firstSeen, i.lastSeen].filter(Boolean).join(' to ') || 'no time recorded'}`,
    ],
    ['Found in', sources.join('; ')],
    ['Why insecure', `${it.rule.rationale} Secure replacement: ${it.rule.replacement}.`],
  ]);
  decision(w, it);
  whereAllowed(w, it);
  hosts(w, it);
  if (it.features.length === 0) {
    paragraph(w, 'Security features: none recorded.', { font: 'bold', size: 9, color: COLORS.muted });
  } else {
    w.heading(3, 'Security features');
    it.features.forEach((f, n) => feature(w, f, n + 1));
  }
  validation(w, it);
}

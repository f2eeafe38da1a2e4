// Before an export: what is still open in the review (validations the report will list as open), asked
// again whenever the engagement changes. Exporting stays allowed; this says what the auditor will see.
import { useEffect } from 'react';
import { Alert } from '../components/Alert';
import { formatCount } from '../format';
import { useEngagementStore } from '../store/engagement-store';
import { useExportStore } from '../store/export-store';

const SHOWN = 5;

export function ExportReadiness({ path }: { path: string }) {
  const head = useEngagementStore((s) => s.audit.at(-1)?.seq ?? 0);
  const imports = useEngagementStore((s) => s.imports.length);
  const readiness = useExportStore((s) => s.readiness);
  const error = useExportStore((s) => s.readinessError);
  const load = useExportStore((s) => s.loadReadiness);

  useEffect(() => {
    void load(path, head);
  }, [path, head, load]);

  const value = readiness?.path === path ? readiness.value : null;
  if (error) return <Alert message={`The readiness could not be checked: ${error}`} />;
  if (value === null) {
    return (
      <p className="muted small" role="status">
        Checking readiness…
      </p>
    );
  }
  if (imports === 0) {
    return (
      <p className="notice export-warning" data-testid="export-readiness">
        Nothing has been imported yet: the package would hold no scan, rulebase or inventory evidence. You can export
        anyway.
      </p>
    );
  }
  const open = value.items.filter((i) => !i.auditReady);
  const issues = open.flatMap((i) => i.issues);
  const blockers = issues.filter((i) => i.severity === 'blocker').length;
  if (open.length === 0) {
    return (
      <p className="notice export-ready" data-testid="export-readiness">
        {value.total === 0
          ? 'No insecure service was found, so nothing awaits review.'
          : `All ${formatCount(value.total, 'insecure item')} are audit-ready: no open validations.`}
      </p>
    );
  }
  return (
    <div className="notice export-warning" data-testid="export-readiness">
      <p>
        <strong>
          {open.length.toLocaleString('en-US')} of {formatCount(value.total, 'insecure item')} not audit-ready:{' '}
          {formatCount(issues.length, 'open validation')}
          {blockers > 0 ? ` (${formatCount(blockers, 'blocker')})` : ''}.
        </strong>{' '}
        The report lists them under “Open validations”. You can export anyway; finish the review to close them.
      </p>
      <ul className="export-open-items small">
        {open.slice(0, SHOWN).map((i) => (
          <li key={i.key}>
            {i.summary}: {formatCount(i.issues.length, 'open validation')}
          </li>
        ))}
        {open.length > SHOWN && <li>… and {formatCount(open.length - SHOWN, 'more item')}</li>}
      </ul>
    </div>
  );
}

// A rule's or item's severity as a coloured tag: high red, medium amber, low neutral.
import type { Severity } from '../api/types';

export const severities: readonly Severity[] = ['high', 'medium', 'low'];

export const severityLabels: Record<Severity, string> = { high: 'High', medium: 'Medium', low: 'Low' };

export function SeverityTag({ severity }: { severity: Severity }) {
  return <span className={`severity severity-${severity}`}>{severityLabels[severity]}</span>;
}

// A rule's action as a coloured tag: allow green, deny/drop/reject red, jump/goto/return/log/other neutral.
import type { RuleAction } from '../api/types';

/** Any action name (the inventory's rule lines carry it as text); unknown names are 'other'. */
export function actionTone(action: string): 'allow' | 'block' | 'other' {
  if (action === 'allow') return 'allow';
  if (action === 'deny' || action === 'drop' || action === 'reject') return 'block';
  return 'other';
}

/** The action, and for jump/goto (or 'other') where it goes or what it does instead. */
export function ActionTag({ action, target }: { action: RuleAction; target?: string | null }) {
  return (
    <span className="action-cell">
      <span className={`action action-${actionTone(action)}`}>{action}</span>
      {target && (
        <span className="action-target mono small wrap-anywhere">
          →{'\u00a0'}
          {target}
        </span>
      )}
    </span>
  );
}

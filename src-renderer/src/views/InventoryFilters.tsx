// The inventory's filters (text, asset, service, owner, insecure only) and its "Group by" choice.
import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useInventoryStore, type GroupBy } from '../store/inventory-store';

const groupings: { value: GroupBy; label: string }[] = [
  { value: '', label: 'None' },
  { value: 'service', label: 'Service' },
  { value: 'asset', label: 'Asset' },
  { value: 'owner', label: 'Owner' },
];

export function InventoryFilters() {
  const id = useId();
  const { draft, groupBy, setDraft, setGroupBy } = useInventoryStore(
    useShallow((s) => ({ draft: s.draft, groupBy: s.groupBy, setDraft: s.setDraft, setGroupBy: s.setGroupBy })),
  );
  return (
    <div className="filters inv-filters" role="search" aria-label="Filter the inventory">
      <div className="field filter-text">
        <label htmlFor={`${id}-text`}>Search</label>
        <input
          id={`${id}-text`}
          type="search"
          spellCheck={false}
          placeholder="Asset, service, product, owner or purpose"
          value={draft.text}
          onChange={(e) => setDraft({ text: e.target.value })}
        />
      </div>
      <div className="field filter-asset">
        <label htmlFor={`${id}-asset`}>Asset</label>
        <input
          id={`${id}-asset`}
          type="text"
          spellCheck={false}
          placeholder="address or name"
          value={draft.asset}
          onChange={(e) => setDraft({ asset: e.target.value })}
        />
      </div>
      <div className="field filter-service">
        <label htmlFor={`${id}-service`}>Service</label>
        <input
          id={`${id}-service`}
          type="text"
          spellCheck={false}
          placeholder="exact, e.g. ssh"
          value={draft.service}
          onChange={(e) => setDraft({ service: e.target.value })}
        />
      </div>
      <div className="field filter-owner">
        <label htmlFor={`${id}-owner`}>Owner</label>
        <input
          id={`${id}-owner`}
          type="text"
          spellCheck={false}
          placeholder="exact"
          value={draft.owner}
          onChange={(e) => setDraft({ owner: e.target.value })}
        />
      </div>
      <label className={draft.insecureOnly ? 'check-chip checked' : 'check-chip'}>
        <input
          type="checkbox"
          checked={draft.insecureOnly}
          onChange={(e) => setDraft({ insecureOnly: e.target.checked })}
        />
        Insecure only
      </label>
      <div className="field filter-narrow filter-group">
        <label htmlFor={`${id}-group`}>Group by</label>
        <select id={`${id}-group`} value={groupBy} onChange={(e) => setGroupBy(e.target.value as GroupBy)}>
          {groupings.map((g) => (
            <option key={g.value} value={g.value}>
              {g.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

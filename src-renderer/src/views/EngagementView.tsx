// One open engagement, in tabs: the overview (imports, evidence files, the audit log, the audit
// chain and the engagement's details), the insecure items classified against the standard, the review
// of each of them (the assessor's walk-through, with the engagement's readiness), the in-use
// inventory (one row per asset and port, with owner, purpose and the rule lines admitting it), the
// reconciliation of what is open with what is documented, the drift between two scans, the observations the imports produced, the rules the rulebase imports produced with the reachability
// question over them, the engagement's insecure-services standard, the evidence register, and the signed
// export with the verification of a package. Where the face can tell a
// dropped file's path, files dropped anywhere on the view open the import panel.
import { useCallback, useId, useRef, useState, type DragEvent, type KeyboardEvent, type MouseEvent } from 'react';
import { messageOf } from '../api/client';
import { focusFind, useCommand } from '../commands';
import { droppedFilePaths } from '../api/dropped-files';
import { Alert } from '../components/Alert';
import { WhyThisMatters } from '../components/WhyThisMatters';
import { baseName } from '../format';
import { useAppStore } from '../store/app-store';
import { useEngagementStore } from '../store/engagement-store';
import { useEvidenceStore } from '../store/evidence-store';
import { useImportStore } from '../store/import-store';
import { useInventoryStore } from '../store/inventory-store';
import { importsVersionOf, useItemsStore } from '../store/items-store';
import { useObservationsStore } from '../store/observations-store';
import { useRulesStore } from '../store/rules-store';
import { AuditChain } from './AuditChain';
import { AuditLog } from './AuditLog';
import { Dashboard } from './Dashboard';
import { Drift } from './Drift';
import { EngagementDetails } from './EngagementDetails';
import { Evidence } from './Evidence';
import { EvidenceFiles } from './EvidenceFiles';
import { Export } from './Export';
import { Imports } from './Imports';
import { InsecureItems } from './InsecureItems';
import { Inventory } from './Inventory';
import { Observations } from './Observations';
import { Reconcile } from './Reconcile';
import { Review } from './Review';
import { Rules } from './Rules';
import { Standard } from './Standard';

type Tab =
  | 'overview'
  | 'items'
  | 'review'
  | 'inventory'
  | 'reconcile'
  | 'drift'
  | 'observations'
  | 'rules'
  | 'standard'
  | 'evidence'
  | 'export';
const tabs: Tab[] = [
  'overview',
  'items',
  'review',
  'inventory',
  'reconcile',
  'drift',
  'observations',
  'rules',
  'standard',
  'evidence',
  'export',
];
const tabLabels: Record<Tab, string> = {
  overview: 'Overview',
  items: 'Insecure items',
  review: 'Review',
  inventory: 'Inventory',
  reconcile: 'Reconcile',
  drift: 'Drift',
  observations: 'Observations',
  rules: 'Rules',
  standard: 'Standard',
  evidence: 'Evidence',
  export: 'Export',
};

// Decided once: whether this face can give the path of a dropped file.
const pathOfDropped = droppedFilePaths();

function hasFiles(e: DragEvent): boolean {
  return Array.from(e.dataTransfer.types).includes('Files');
}

export function EngagementView() {
  const id = useId();
  const showStart = useAppStore((s) => s.showStart);
  const path = useEngagementStore((s) => s.path);
  const info = useEngagementStore((s) => s.info);
  const audit = useEngagementStore((s) => s.audit);
  const files = useEngagementStore((s) => s.files);
  const imports = useEngagementStore((s) => s.imports);
  const error = useEngagementStore((s) => s.error);
  const choose = useImportStore((s) => s.choose);
  const setObservationDraft = useObservationsStore((s) => s.setDraft);
  const selectRuleImport = useRulesStore((s) => s.selectImport);
  const showItem = useItemsStore((s) => s.show);
  const [tab, setTab] = useState<Tab>('overview');

  // The engagement commands (Ctrl+I / E / Shift+V / F, or the File and Edit menus): go to the tab that
  // does the work, then press its button or focus its field once it shows.
  const goAndPress = useCallback((to: Tab, selector: string) => {
    setTab(to);
    // The tab renders on a later frame: look for the button for up to about half a second.
    let frames = 30;
    const press = () => {
      const target = document.querySelector<HTMLElement>(selector);
      if (target) target.click();
      else if (--frames > 0) requestAnimationFrame(press);
    };
    requestAnimationFrame(press);
  }, []);
  useCommand(
    'import',
    useCallback(() => goAndPress('overview', '[data-command="import"]'), [goAndPress]),
  );
  useCommand(
    'export',
    useCallback(() => setTab('export'), []),
  );
  useCommand(
    'verify',
    useCallback(() => goAndPress('export', '[data-command="verify"]'), [goAndPress]),
  );
  useCommand(
    'find',
    useCallback(() => void focusFind(), []),
  );
  const [dragging, setDragging] = useState(false);
  const [dropError, setDropError] = useState<string | null>(null);
  const attachEvidence = useEvidenceStore((s) => s.attach);
  const dragDepth = useRef(0);
  const tabRefs = useRef<Record<Tab, HTMLButtonElement | null>>({
    overview: null,
    items: null,
    review: null,
    inventory: null,
    reconcile: null,
    drift: null,
    observations: null,
    rules: null,
    standard: null,
    evidence: null,
    export: null,
  });
  // Items are counted once the tab has asked for them, and only while the imports are still the same.
  const itemCount = useItemsStore((s) =>
    s.list && s.loadedFor?.path === path && s.loadedFor.version === importsVersionOf(imports)
      ? s.list.items.length
      : null,
  );

  // Likewise the inventory, counted by its last unfiltered answer.
  const inventoryCount = useInventoryStore((s) =>
    s.count && s.count.path === path && s.count.version === importsVersionOf(imports) ? s.count.total : null,
  );

  const counts: Record<Tab, number | null> = {
    overview: null,
    items: itemCount,
    review: null,
    inventory: inventoryCount,
    reconcile: null,
    drift: null,
    observations: imports.reduce((sum, r) => sum + r.observationCount, 0),
    rules: imports.reduce((sum, r) => sum + r.ruleCount, 0),
    standard: null,
    evidence: null,
    export: null,
  };

  function back(e: MouseEvent) {
    e.preventDefault();
    showStart();
  }

  function selectTab(next: Tab, focus = false) {
    setTab(next);
    if (focus) tabRefs.current[next]?.focus();
  }

  function onTabKey(e: KeyboardEvent) {
    const i = tabs.indexOf(tab);
    const next =
      e.key === 'ArrowRight'
        ? tabs[(i + 1) % tabs.length]
        : e.key === 'ArrowLeft'
          ? tabs[(i + tabs.length - 1) % tabs.length]
          : e.key === 'Home'
            ? tabs[0]
            : e.key === 'End'
              ? tabs[tabs.length - 1]
              : undefined;
    if (!next) return;
    e.preventDefault();
    selectTab(next, true);
  }

  function showObservationsOf(importId: number) {
    setObservationDraft({ importId: String(importId) });
    setTab('observations');
  }

  function showInsecureItem(key: string) {
    if (!path) return;
    void showItem(path, key);
    setTab('items');
  }

  function showRulesOf(importId: number) {
    selectRuleImport(importId);
    setTab('rules');
  }

  const dropHandlers =
    pathOfDropped && path
      ? {
          onDragEnter(e: DragEvent) {
            if (!hasFiles(e)) return;
            e.preventDefault();
            dragDepth.current++;
            setDragging(true);
          },
          onDragOver(e: DragEvent) {
            if (!hasFiles(e)) return;
            e.preventDefault();
            e.dataTransfer.dropEffect = 'copy';
          },
          onDragLeave() {
            dragDepth.current = Math.max(0, dragDepth.current - 1);
            if (dragDepth.current === 0) setDragging(false);
          },
          onDrop(e: DragEvent) {
            if (!hasFiles(e)) return;
            e.preventDefault();
            dragDepth.current = 0;
            setDragging(false);
            const paths = Array.from(e.dataTransfer.files)
              .map(pathOfDropped)
              .filter((p) => p !== '');
            if (paths.length === 0) return;
            // On the Evidence tab a drop adds documents to the register; anywhere else it imports.
            if (tab === 'evidence') {
              attachEvidence(path, paths).catch((err: unknown) => setDropError(messageOf(err)));
              return;
            }
            choose(path, paths);
            setTab('overview');
          },
        }
      : {};

  return (
    <main className="engagement" {...dropHandlers}>
      <nav aria-label="Breadcrumb" className="crumbs">
        <a href="#engagements" onClick={back}>
          <span aria-hidden="true">← </span>All engagements
        </a>
      </nav>
      {info && path && (
        <>
          <div className="page-head">
            <h2 className="page-title">{info.entity}</h2>
            <p className="muted mono small" title={info.path}>
              {baseName(info.path)}
            </p>
          </div>
          <Alert message={error ?? dropError} />
          <div className="tabs" role="tablist" aria-label="Engagement views" onKeyDown={onTabKey}>
            {tabs.map((t) => (
              <button
                key={t}
                type="button"
                role="tab"
                id={`${id}-tab-${t}`}
                aria-selected={tab === t}
                aria-controls={`${id}-panel`}
                tabIndex={tab === t ? 0 : -1}
                ref={(el) => {
                  tabRefs.current[t] = el;
                }}
                className="tab"
                onClick={() => selectTab(t)}
              >
                {tabLabels[t]}
                {counts[t] !== null && <span className="tab-count">{counts[t].toLocaleString('en-US')}</span>}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${tab}`} className="tab-panel">
            {tab === 'overview' ? (
              <div className="workbench">
                <div className="primary">
                  <Dashboard path={path} />
                  <Imports path={path} onShowObservations={showObservationsOf} onShowRules={showRulesOf} />
                  <EvidenceFiles path={path} files={files} />
                  <AuditLog entries={audit} />
                </div>
                <aside className="sidebar" aria-label="Engagement and audit chain">
                  <AuditChain />
                  <EngagementDetails info={info} />
                </aside>
              </div>
            ) : tab === 'items' ? (
              <InsecureItems path={path} />
            ) : tab === 'review' ? (
              <Review path={path} />
            ) : tab === 'inventory' ? (
              <Inventory path={path} onShowItem={showInsecureItem} />
            ) : tab === 'reconcile' ? (
              <div className="tab-with-help">
                <WhyThisMatters topic="reconcile" />
                <Reconcile path={path} onShowItem={showInsecureItem} />
              </div>
            ) : tab === 'drift' ? (
              <Drift path={path} />
            ) : tab === 'observations' ? (
              <Observations path={path} />
            ) : tab === 'rules' ? (
              <Rules path={path} />
            ) : tab === 'standard' ? (
              <Standard path={path} />
            ) : tab === 'export' ? (
              <Export path={path} />
            ) : (
              <Evidence path={path} canDrop={pathOfDropped !== null} />
            )}
          </div>
        </>
      )}
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <p>{tab === 'evidence' ? 'Drop files to add them to the evidence register' : 'Drop files to import them'}</p>
        </div>
      )}
    </main>
  );
}

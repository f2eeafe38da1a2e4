// One open engagement: metadata, audit chain, evidence files and the audit log.
import type { MouseEvent } from 'react';
import { Alert } from '../components/Alert';
import { useAppStore } from '../store/app-store';
import { useEngagementStore } from '../store/engagement-store';
import { AuditChain } from './AuditChain';
import { AuditLog } from './AuditLog';
import { EngagementDetails } from './EngagementDetails';
import { EvidenceFiles } from './EvidenceFiles';

function fileNameOf(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export function EngagementView() {
  const showStart = useAppStore((s) => s.showStart);
  const path = useEngagementStore((s) => s.path);
  const info = useEngagementStore((s) => s.info);
  const audit = useEngagementStore((s) => s.audit);
  const files = useEngagementStore((s) => s.files);
  const error = useEngagementStore((s) => s.error);

  function back(e: MouseEvent) {
    e.preventDefault();
    showStart();
  }

  return (
    <main className="engagement">
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
              {fileNameOf(info.path)}
            </p>
          </div>
          <Alert message={error} />
          <div className="workbench">
            <div className="primary">
              <EvidenceFiles path={path} files={files} />
              <AuditLog entries={audit} />
            </div>
            <aside className="sidebar" aria-label="Engagement and audit chain">
              <AuditChain />
              <EngagementDetails info={info} />
            </aside>
          </div>
        </>
      )}
    </main>
  );
}

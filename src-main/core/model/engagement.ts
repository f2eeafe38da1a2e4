// Engagement metadata: who is assessed, by whom, over which period, and what is in scope.

export interface EngagementMeta {
  entity: string;
  assessor: string;
  periodStart: string | null;
  periodEnd: string | null;
  scopeNote: string;
}

export interface EngagementInfo extends EngagementMeta {
  path: string;
  engagementId: string;
  createdAt: string;
  createdBy: string;
  schemaVersion: number;
  appVersion: string;
}

export interface AuditEntry {
  seq: number;
  time: string;
  actor: string;
  command: string;
  payload: string;
  payloadHash: string;
  prevHash: string;
  hash: string;
}

export type AuditVerdict =
  | { valid: true; entries: number; headHash: string }
  | { valid: false; entries: number; firstBad: { seq: number; reason: string } };

export interface ArtifactInfo {
  sha256: string;
  size: number;
  storedAt: string;
}

export type FileRole = 'original' | 'attachment';

export interface StoredFile extends ArtifactInfo {
  fileId: number;
  name: string;
  role: FileRole;
  addedAt: string;
  addedBy: string;
}

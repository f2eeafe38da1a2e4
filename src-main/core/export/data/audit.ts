// The audit log as it leaves the engagement (audit-log.jsonl, one entry per line) and its chain verdict
// (audit-chain.json); and the same chain check run on those two files alone, as a verifier does.
import type { Database } from 'better-sqlite3';
import type { AuditEntry, AuditVerdict } from '../../model/engagement';
import { entryHash, genesisHash, listAudit, verifyAuditChain } from '../../store/audit-log';
import { sha256Hex } from '../../store/hash';
import { jsonLines, paged } from './table';

export interface AuditChainFile {
  engagementId: string;
  genesisHash: string;
  verdict: AuditVerdict;
}

export function auditLogLines(db: Database): Generator<string> {
  return jsonLines(paged((offset, limit) => listAudit(db, { afterSeq: offset, limit })));
}

export function auditChainFile(db: Database, engagementId: string): AuditChainFile {
  return { engagementId, genesisHash: genesisHash(engagementId), verdict: verifyAuditChain(db) };
}

/**
 * Re-walks the chain from the exported lines, fed in pieces as they are read: the same checks as
 * verifyAuditChain, on the package alone. The first entry chains to the engagement's genesis, so lines
 * are held only until `start` names the engagement (in a package it is known before the log is read).
 */
export class AuditLineWalker {
  private buffered = '';
  private prev: string | null = null;
  private engagementId: string | null = null;
  private count = 0;
  private failure: { seq: number; reason: string } | null = null;
  private readonly held: string[] = [];

  start(engagementId: string): void {
    if (this.engagementId !== null) return;
    this.engagementId = engagementId;
    this.prev = genesisHash(engagementId);
    for (const l of this.held.splice(0)) this.line(l);
  }

  write(text: string): void {
    this.buffered += text;
    const parts = this.buffered.split('\n');
    this.buffered = parts.pop() ?? '';
    for (const line of parts) this.line(line);
  }

  private line(line: string): void {
    if (line === '' || this.failure) return;
    if (this.engagementId === null) {
      this.held.push(line);
      return;
    }
    this.count++;
    const bad = (reason: string) => {
      this.failure = { seq: this.count, reason };
    };
    let e: AuditEntry;
    try {
      e = JSON.parse(line) as AuditEntry;
    } catch {
      return bad(`line ${this.count} is not JSON`);
    }
    if (e.seq !== this.count) return bad(`entry ${this.count} is missing (the next entry found is ${String(e.seq)})`);
    if (typeof e.payload !== 'string' || sha256Hex(e.payload) !== e.payloadHash) {
      return bad(`entry ${e.seq}: payload does not match its hash`);
    }
    const { seq, time, actor, command, payloadHash, prevHash } = e;
    if (entryHash({ seq, time, actor, command, payloadHash, prevHash }) !== e.hash) {
      return bad(`entry ${e.seq} was edited: its hash no longer matches its content`);
    }
    if (e.prevHash !== this.prev) return bad(`entry ${e.seq} does not follow entry ${e.seq - 1}`);
    this.prev = e.hash;
  }

  /** The verdict for the engagement `engagementId` (which must be the one the walk started with). */
  result(engagementId: string): AuditVerdict {
    this.start(engagementId);
    if (this.buffered !== '') this.line(this.buffered);
    this.buffered = '';
    if (this.engagementId !== engagementId) {
      return {
        valid: false,
        entries: this.count,
        firstBad: { seq: 1, reason: 'the log belongs to another engagement' },
      };
    }
    if (this.failure) return { valid: false, entries: this.count, firstBad: this.failure };
    return { valid: true, entries: this.count, headHash: this.prev ?? '' };
  }
}

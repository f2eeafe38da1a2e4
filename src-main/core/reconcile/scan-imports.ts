// Which imports are scans (anything that produced observations: port and vulnerability scanners, TLS/SSH
// assessors, host listener inventories, generic CSV) and the run details drift and timelines show for
// them. Rulebases and ticket exports describe no state of a network and are refused by name.
import type { Database } from 'better-sqlite3';
import { formatById } from '../import/formats';
import { PortcullisError } from '../model/errors';

export interface ScanImport {
  importId: number;
  fileName: string;
  format: string;
  formatLabel: string;
  /** When the scan started, as the tool recorded it (ISO 8601), or null when the file does not say. */
  startedAt: string | null;
  importedAt: string;
  hostCount: number;
  observationCount: number;
}

interface ImportRow {
  id: number;
  file_name: string;
  format: string;
  format_label: string;
  imported_at: string;
  host_count: number;
  observation_count: number;
  meta: string;
}

const NOT_SCANS = new Set(['rulebase', 'ticket']);

function isScan(format: string): boolean {
  const family = formatById(format)?.family;
  return family === undefined || !NOT_SCANS.has(family);
}

function toScanImport(r: ImportRow): ScanImport {
  const meta = JSON.parse(r.meta) as Record<string, string>;
  const start = meta.start && !Number.isNaN(Date.parse(meta.start)) ? meta.start : null;
  return {
    importId: r.id,
    fileName: r.file_name,
    format: r.format,
    formatLabel: r.format_label,
    startedAt: start,
    importedAt: r.imported_at,
    hostCount: r.host_count,
    observationCount: r.observation_count,
  };
}

const COLUMNS = 'id, file_name, format, format_label, imported_at, host_count, observation_count, meta';

/** The scan import `importId`, or a NOT_FOUND / INVALID_REQUEST error naming it and what it is. */
export function scanImport(db: Database, importId: number, role: string): ScanImport {
  const r = db.prepare(`SELECT ${COLUMNS} FROM import WHERE id = ? AND sha256 IS NOT NULL`).get(importId) as
    ImportRow | undefined;
  if (!r) {
    const known = db.prepare('SELECT count(*) FROM import WHERE sha256 IS NOT NULL').pluck().get() as number;
    throw new PortcullisError(
      'NOT_FOUND',
      `${role}: there is no import #${importId} in this engagement (${known === 0 ? 'nothing was imported yet' : `it has ${known} import(s); see "portcullis imports"`})`,
    );
  }
  if (!isScan(r.format)) {
    const family = formatById(r.format)?.family === 'ticket' ? 'a change-ticket export' : 'a rulebase';
    throw new PortcullisError(
      'INVALID_REQUEST',
      `${role}: import #${importId} (${r.file_name}) is ${family} (${r.format_label}), not a scan; expected a scan import such as nmap, Nessus or testssl`,
    );
  }
  return toScanImport(r);
}

/**
 * Every scan import of the engagement in import order, without the scans that ran planned validation
 * tests (marked by testplan-results.ts): run from a vantage point to test a control, they say nothing of
 * what is in use. Such a scan can still be compared by naming it.
 */
export function listScanImports(db: Database): ScanImport[] {
  return (db.prepare(`SELECT ${COLUMNS} FROM import WHERE sha256 IS NOT NULL ORDER BY id`).all() as ImportRow[])
    .filter((r) => isScan(r.format) && (JSON.parse(r.meta) as Record<string, string>)['testplan'] === undefined)
    .map(toScanImport);
}

// The evidence register (evidence.csv and the workbook's evidence sheet): every reference E-001… with
// what the assessor recorded about it and, for files, where the file sits in the package.
import type { EvidenceEntry } from '../../store/evidence';
import type { Table } from './table';

export function evidenceTable(entries: readonly EvidenceEntry[], pathOfEvidence: ReadonlyMap<string, string>): Table {
  return {
    name: 'evidence',
    columns: [
      'ref',
      'type',
      'title',
      'version',
      'purpose',
      'revision_date',
      'collected_on',
      'collected_by',
      'file',
      'sha256',
      'size',
      'package_path',
      'procedure',
      'sample_set',
      'note',
    ],
    *rows() {
      for (const e of entries) {
        yield [
          e.ref,
          e.type,
          e.title,
          e.version,
          e.purpose,
          e.revisionDate,
          e.collectedOn,
          e.collectedBy,
          e.file?.name ?? null,
          e.file?.sha256 ?? null,
          e.file?.size ?? null,
          pathOfEvidence.get(e.ref) ?? null,
          e.procedure,
          e.sampleSet,
          e.note,
        ];
      }
    },
  };
}

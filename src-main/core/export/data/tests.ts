// Every test of every security feature, with its result and what proves it: the proof as recorded, the
// evidence references (E-001…) it resolves to and where those files sit in the package.
import type { Database } from 'better-sqlite3';
import type { Proof } from '../../review/model';
import { evidenceRefsOfSha, type PackageFiles } from './files';
import type { ExportedItems } from './items';
import type { Table } from './table';

export interface TestLine {
  itemKey: string;
  featureId: string | null;
  featureTitle: string;
  featureKind: string;
  test: number;
  procedure: string;
  expected: string | null;
  actual: string | null;
  result: 'pass' | 'fail' | 'not-run';
  testedOn: string | null;
  tester: string | null;
  proof: Proof | null;
  evidenceRefs: string[];
  packagePaths: string[];
}

function resolveProof(db: Database, files: PackageFiles, proof: Proof | null): { refs: string[]; paths: string[] } {
  if (!proof) return { refs: [], paths: [] };
  if (proof.kind === 'evidence') {
    const p = files.pathOfEvidence.get(proof.ref);
    return { refs: [proof.ref], paths: p ? [p] : [] };
  }
  const sha =
    proof.kind === 'file'
      ? proof.sha256
      : (db.prepare('SELECT sha256 FROM import WHERE id = ?').pluck().get(proof.importId) as string | undefined);
  if (!sha) return { refs: [], paths: [] };
  const refs = evidenceRefsOfSha(db, sha);
  const paths = [...new Set(refs.map((r) => files.pathOfEvidence.get(r)).filter((p): p is string => !!p))];
  if (proof.kind === 'import') {
    const p = files.pathOfImport.get(proof.importId);
    if (p && !paths.includes(p)) paths.unshift(p);
  }
  return { refs, paths };
}

export function collectTests(db: Database, items: ExportedItems, files: PackageFiles): TestLine[] {
  const out: TestLine[] = [];
  for (const { item, review } of items.items) {
    for (const f of review.record.features) {
      f.tests.forEach((t, i) => {
        const resolved = resolveProof(db, files, t.proof);
        out.push({
          itemKey: item.key,
          featureId: f.id ?? null,
          featureTitle: f.title,
          featureKind: f.kind,
          test: i + 1,
          procedure: t.procedure,
          expected: t.expected,
          actual: t.actual,
          result: t.result,
          testedOn: t.testedOn,
          tester: t.tester,
          proof: t.proof,
          evidenceRefs: resolved.refs,
          packagePaths: resolved.paths,
        });
      });
    }
  }
  return out;
}

export function testsTable(tests: readonly TestLine[]): Table {
  return {
    name: 'tests',
    columns: [
      'item_key',
      'feature_id',
      'feature',
      'kind',
      'test',
      'procedure',
      'expected',
      'actual',
      'result',
      'tested_on',
      'tester',
      'evidence_refs',
      'package_paths',
    ],
    *rows() {
      for (const t of tests) {
        yield [
          t.itemKey,
          t.featureId,
          t.featureTitle,
          t.featureKind,
          t.test,
          t.procedure,
          t.expected,
          t.actual,
          t.result,
          t.testedOn,
          t.tester,
          t.evidenceRefs.join(' '),
          t.packagePaths.join(' '),
        ];
      }
    },
  };
}

// Writes every generated file of the package's data/ folder into the stage: the machine-readable exports
// (CSV, JSON, workbook, OSCAL), the standard in force, the audit log with its chain verdict, and the
// report and reconciliation when the caller provides them. Reads only; the caller holds a read
// transaction so everything describes one state of the engagement.
import type { Database } from 'better-sqlite3';
import type { Readable } from 'node:stream';
import { canonicalJson } from '../model/canonical-json';
import type { EngagementInfo } from '../model/engagement';
import { PortcullisError } from '../model/errors';
import { currentStandard, standardHistory } from '../standard/standard-store';
import { listEvidence } from '../store/evidence';
import { listImports, listParseNotes } from '../store/observations';
import { auditChainFile, auditLogLines } from './data/audit';
import { evidenceTable } from './data/evidence';
import type { PackageFiles } from './data/files';
import { inventoryTable } from './data/inventory';
import { collectItems, itemsJson, itemsTable } from './data/items';
import { oscalAssessmentResults } from './data/oscal';
import { rulesTable } from './data/rules';
import { csvOf } from './data/table';
import { collectTests, testsTable } from './data/tests';
import { stageWorkbook } from './data/xlsx';
import type { Stage } from './stage';

export interface DataContext {
  db: Database;
  engagement: EngagementInfo;
  packageId: string;
  exportTime: string;
  files: PackageFiles;
  signal?: AbortSignal | undefined;
  /** The signed PDF report; absent when no renderer is available. */
  report?: (() => Promise<Readable | Buffer>) | undefined;
  /** Reconciliation findings to include as data/reconciliation.json. */
  reconciliation?: (() => unknown) | undefined;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function checkCancel(signal?: AbortSignal): void {
  if (signal?.aborted) throw new PortcullisError('CANCELLED', 'export cancelled; no package was written');
}

async function stageReport(stage: Stage, make: () => Promise<Readable | Buffer>): Promise<void> {
  const w = stage.open('data/report.pdf');
  const out = await make();
  if (Buffer.isBuffer(out)) w.write(out);
  else for await (const chunk of out) w.write(chunk as Buffer);
  stage.keep(w.close());
}

export async function stageData(stage: Stage, c: DataContext): Promise<{ report: boolean; reconciliation: boolean }> {
  const { db } = c;
  const standard = currentStandard(db);
  if (!standard) throw new PortcullisError('INTERNAL', 'the engagement has not adopted a standard yet');
  const today = c.exportTime.slice(0, 10);
  const items = collectItems(db, standard, today);
  const tests = collectTests(db, items, c.files);
  const evidence = listEvidence(db);
  const imports = listImports(db);
  const tables = {
    items: itemsTable(items),
    inventory: inventoryTable(db, standard.document),
    tests: testsTable(tests),
    evidence: evidenceTable(evidence, c.files.pathOfEvidence),
  };

  stage.add('data/engagement.json', [
    json({
      packageId: c.packageId,
      exportTime: c.exportTime,
      engagement: { ...c.engagement, path: undefined },
    }),
  ]);
  stage.add(
    'data/imports.json',
    (function* () {
      yield '[\n';
      for (const [n, i] of imports.entries()) {
        const record = {
          ...i,
          packagePath: c.files.pathOfImport.get(i.importId) ?? null,
          parseNotes: listParseNotes(db, i.importId, 0, 10_000),
        };
        yield `${n > 0 ? ',\n' : ''}${JSON.stringify(record)}`;
      }
      yield '\n]\n';
    })(),
  );
  stage.add('data/standard.json', [
    json({ ...standard, documentSha256: standard.sha256, history: standardHistory(db) }),
  ]);
  checkCancel(c.signal);
  stage.add('data/items.json', [json(itemsJson(items, c.files.pathOfImport))]);
  stage.add('data/items.csv', csvOf(tables.items));
  stage.add('data/inventory.csv', csvOf(tables.inventory));
  checkCancel(c.signal);
  stage.add('data/rules.csv', csvOf(rulesTable(db)));
  stage.add('data/tests.json', [json(tests)]);
  stage.add('data/evidence.csv', csvOf(tables.evidence));
  checkCancel(c.signal);
  await stageWorkbook(
    stage,
    'data/workbook.xlsx',
    [tables.items, tables.inventory, tables.tests, tables.evidence],
    new Date(c.exportTime),
  );
  const refOfPath = new Map([...c.files.pathOfEvidence].map(([ref, path]) => [path, ref] as const).reverse());
  stage.add('data/oscal-assessment-results.json', [
    json(
      oscalAssessmentResults({
        packageId: c.packageId,
        exportTime: c.exportTime,
        engagement: c.engagement,
        items,
        tests,
        files: c.files.files,
        importNames: new Map(imports.map((i) => [i.importId, i.fileName])),
        refOfPath,
        hasReport: c.report !== undefined,
      }),
    ),
  ]);
  stage.add('data/audit-log.jsonl', auditLogLines(db));
  stage.add('data/audit-chain.json', [json(auditChainFile(db, c.engagement.engagementId))]);
  if (c.reconciliation) stage.add('data/reconciliation.json', [`${canonicalJson(c.reconciliation())}\n`]);
  checkCancel(c.signal);
  if (c.report) await stageReport(stage, c.report);
  return { report: c.report !== undefined, reconciliation: c.reconciliation !== undefined };
}

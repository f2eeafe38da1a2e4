// A workbook (SpreadsheetML in a zip) written by hand: one sheet per table, every text cell an inline
// string, so no cell is ever a formula whatever it starts with; numbers and booleans keep their type.
// Sheets are streamed row by row, and the zip has fixed dates so the same tables give the same bytes.
import { Readable } from 'node:stream';
import { ZipArchive } from 'archiver';
import type { Stage, StagedFile } from '../stage';
import type { Cell, Table } from './table';

const MAX_ROWS = 1_048_576;
const MAX_CELL = 32_767;
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Text safe inside XML: invalid characters dropped, markup escaped. */
export function xmlText(s: string): string {
  return s
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export function columnName(i: number): string {
  let n = i + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function cell(value: Cell, ref: string, style: string): string {
  if (value === null || value === '') return '';
  if (typeof value === 'number' && Number.isFinite(value)) return `<c r="${ref}"${style}><v>${value}</v></c>`;
  if (typeof value === 'boolean') return `<c r="${ref}"${style} t="b"><v>${value ? 1 : 0}</v></c>`;
  let s = String(value);
  if (s.length > MAX_CELL) s = `${s.slice(0, MAX_CELL - 40)}… (cut: see the CSV for the full text)`;
  return `<c r="${ref}"${style} t="inlineStr"><is><t xml:space="preserve">${xmlText(s)}</t></is></c>`;
}

function rowXml(values: readonly Cell[], r: number, header: boolean): string {
  const style = header ? ' s="1"' : '';
  return `<row r="${r}">${values.map((v, i) => cell(v, `${columnName(i)}${r}`, style)).join('')}</row>`;
}

function* sheetXml(table: Table): Generator<string> {
  const last = `${columnName(Math.max(0, table.columns.length - 1))}1`;
  yield `${XML_HEAD}<worksheet xmlns="${MAIN}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>`;
  yield rowXml(table.columns, 1, true);
  let r = 1;
  let dropped = 0;
  let batch: string[] = [];
  for (const row of table.rows()) {
    if (r >= MAX_ROWS - 1) {
      dropped++;
      continue;
    }
    batch.push(rowXml(row, ++r, false));
    if (batch.length >= 500) {
      yield batch.join('');
      batch = [];
    }
  }
  if (dropped > 0) batch.push(rowXml([`… ${dropped} more rows: see ${table.name}.csv`], ++r, false));
  yield `${batch.join('')}</sheetData><autoFilter ref="A1:${last}"/></worksheet>`;
}

const STYLES = `${XML_HEAD}<styleSheet xmlns="${MAIN}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs></styleSheet>`;

function parts(tables: readonly Table[]): [string, string | (() => Readable)][] {
  const sheets = tables.map((t, i) => ({ t, n: i + 1 }));
  const ct = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
  return [
    [
      '[Content_Types].xml',
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="${ct}.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="${ct}.styles+xml"/>${sheets.map((s) => `<Override PartName="/xl/worksheets/sheet${s.n}.xml" ContentType="${ct}.worksheet+xml"/>`).join('')}</Types>`,
    ],
    [
      '_rels/.rels',
      `${XML_HEAD}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ],
    [
      'xl/workbook.xml',
      `${XML_HEAD}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>${sheets.map((s) => `<sheet name="${xmlText(s.t.name)}" sheetId="${s.n}" r:id="rId${s.n}"/>`).join('')}</sheets></workbook>`,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `${XML_HEAD}<Relationships xmlns="${PKG_REL}">${sheets.map((s) => `<Relationship Id="rId${s.n}" Type="${REL}/worksheet" Target="worksheets/sheet${s.n}.xml"/>`).join('')}<Relationship Id="rId${sheets.length + 1}" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
    ],
    ['xl/styles.xml', STYLES],
    ...sheets.map((s): [string, () => Readable] => [
      `xl/worksheets/sheet${s.n}.xml`,
      () => Readable.from(sheetXml(s.t), { objectMode: false }),
    ]),
  ];
}

/** Writes the workbook into the stage as `name` (a path inside the bag). */
export async function stageWorkbook(
  stage: Stage,
  name: string,
  tables: readonly Table[],
  date: Date,
): Promise<StagedFile> {
  const w = stage.open(name);
  const zip = new ZipArchive({ zlib: { level: 6 } });
  zip.on('data', (chunk: Buffer) => w.write(chunk));
  const done = new Promise<void>((resolve, reject) => {
    zip.on('end', () => resolve());
    zip.on('error', reject);
  });
  for (const [entry, body] of parts(tables)) {
    zip.append(typeof body === 'string' ? Buffer.from(body, 'utf8') : body(), { name: entry, date, mode: 0o644 });
  }
  await zip.finalize();
  await done;
  return stage.keep(w.close());
}

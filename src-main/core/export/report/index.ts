// The PDF report of an engagement (see render.ts for how it is laid out and what it contains).
export { buildReport, pdfBuffer, renderReport, type BuiltReport } from './render';
export type { ReportData, ReportOptions } from './types';

// CSV output for the command line: the shared encoder (formulas neutralised, every cell quoted) lives in
// the core so that files the app saves are written the same way.
export { csvCell, csvRow } from '../core/model/csv';

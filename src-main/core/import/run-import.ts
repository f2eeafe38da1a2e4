// One import: the file is read once as a stream; each chunk goes to the artifact store and, decoded, to
// the format's parser, whose findings are written as they come. Everything happens in one transaction
// with one audit entry, so an import lands whole or not at all.
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { ParseNote } from '../model/observation';
import { PortcullisError } from '../model/errors';
import { ArtifactWriter, CHUNK_SIZE } from '../store/artifact-store';
import type { CommandContext } from '../store/context';
import type { EngagementStore } from '../store/engagement-store';
import { sourceFileSize } from '../store/stored-files';
import { findImportBySha, ObservationWriter, type ImportRecord } from '../store/observations';
import type { Classifier } from '../standard/classifier';
import { classifyingImport } from '../standard/findings-store';
import { RuleWriter } from '../store/rules';
import { TicketWriter } from '../store/tickets';
import { createDecoder, sniffEncoding } from './decode';
import { detectFormat, formatById, formats } from './formats';
import { ParseError, type FormatSpec, type ImportSink } from './types';

export const HEAD_BYTES = 64 * 1024;

export interface ImportOptions {
  /** A format id to use instead of detection. */
  format?: string | null;
  hostName?: string | null;
  columns?: Record<string, string> | null;
  signal?: AbortSignal;
  onProgress?: (bytes: number, total: number, records: number) => void;
  /**
   * The current standard, asked for inside the import's transaction (so adopting it on first use lands
   * or rolls back with the import): when the findings are current, observations are classified as they
   * are stored instead of in a second pass over them afterwards.
   */
  classify?: () => { version: number; classifier: Classifier } | null;
}

export interface ImportResult extends ImportRecord {
  /** The first parse-coverage notes, to show at once; all are kept in the engagement. */
  firstNotes: ParseNote[];
}

const cancelled = () => new PortcullisError('CANCELLED', 'import cancelled; nothing was imported');

export async function importFile(
  store: EngagementStore,
  ctx: CommandContext,
  sourcePath: string,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const fileName = basename(sourcePath);
  const total = sourceFileSize(sourcePath);
  const forced = opts.format ? formatById(opts.format) : undefined;
  if (opts.format && !forced) {
    throw new PortcullisError(
      'INVALID_REQUEST',
      `unknown format "${opts.format}"; expected one of: ${formats.map((f) => f.id).join(', ')}`,
    );
  }

  return store.mutateAsync(ctx, 'import.file', async () => {
    const stream = createReadStream(sourcePath, { highWaterMark: CHUNK_SIZE });
    try {
      const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      // Read the head for detection before anything is written.
      const headChunks: Buffer[] = [];
      let headBytes = 0;
      let done = false;
      while (headBytes < HEAD_BYTES) {
        const next = await chunks.next();
        if (next.done) {
          done = true;
          break;
        }
        headChunks.push(next.value);
        headBytes += next.value.length;
      }
      const head = Buffer.concat(headChunks, headBytes);
      const { encoding, bom } = sniffEncoding(head);
      const spec = forced ?? detect(head, encoding, bom, fileName);
      // A name of blanks is no name: trimmed here so every parser sees the same name.
      const hostName = opts.hostName?.trim() || null;
      if (spec.needsHostName && !hostName) {
        throw new PortcullisError('NEEDS_HOST_NAME', `${fileName}: ${spec.label} describes one host; give its name`);
      }

      const importedAt = ctx.now();
      const importId = Number(
        store.db
          .prepare(
            `INSERT INTO import (sha256, file_name, format, format_label, parser_version, host_name, imported_at, imported_by)
             VALUES (NULL, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(fileName, spec.id, spec.label, spec.parserVersion, hostName, importedAt, ctx.actor).lastInsertRowid,
      );
      const writer = new ObservationWriter(store.db, importId);
      const standard = opts.classify?.() ?? null;
      const findings = standard ? classifyingImport(store.db, standard.version, standard.classifier) : null;
      const rules = new RuleWriter(store.db, importId);
      const tickets = new TicketWriter(store.db, importId);
      const meta: Record<string, string> = {};
      const firstNotes: ParseNote[] = [];
      const sink: ImportSink = {
        observation: (o) => {
          const stored = writer.observation(o);
          findings?.observation(stored.id, stored.facts === o.facts ? o : { ...o, facts: stored.facts });
        },
        host: (h) => writer.host(h),
        note: (n) => {
          if (firstNotes.length < 50) firstNotes.push(n);
          writer.note(n);
        },
        meta: (k, v) => {
          meta[k] = v;
        },
        rule: (r) => rules.rule(r),
        policy: (p) => rules.policy(p),
        ticket: (t) => tickets.ticket(t),
      };
      const parser = spec.create(sink, { fileName, hostName, columns: opts.columns ?? null });
      const artifact = new ArtifactWriter(store.db, ctx.now);
      const decoder = createDecoder(encoding, bom);
      let offset = 0;

      const feed = (chunk: Buffer) => {
        artifact.write(chunk);
        parser.write(decoder.decode(chunk, offset));
        offset += chunk.length;
        opts.onProgress?.(offset, total, writer.observations + rules.rules + tickets.tickets);
      };
      try {
        for (const c of headChunks) feed(c);
        while (!done) {
          if (opts.signal?.aborted) throw cancelled();
          const next = await chunks.next();
          if (next.done) break;
          feed(next.value);
        }
        if (opts.signal?.aborted) throw cancelled();
        const tail = decoder.flush();
        if (tail) parser.write(tail);
        parser.end();
      } catch (err) {
        if (err instanceof ParseError) throw parseFailure(fileName, spec, err);
        throw err;
      }

      const stored = artifact.finish();
      const earlier = findImportBySha(store.db, stored.sha256);
      if (earlier) {
        throw new PortcullisError(
          'ALREADY_EXISTS',
          `${fileName}: this file (SHA-256 ${stored.sha256.slice(0, 16)}…) was already imported as import #${earlier.importId} (${earlier.fileName}, ${earlier.importedAt}); nothing was imported`,
        );
      }
      store.db
        .prepare(
          `UPDATE import SET sha256 = ?, size = ?, host_count = ?, observation_count = ?, rule_count = ?, ticket_count = ?,
             note_count = ?, meta = ? WHERE id = ?`,
        )
        .run(
          stored.sha256,
          stored.size,
          writer.hosts,
          writer.observations,
          rules.rules,
          tickets.tickets,
          writer.notes,
          JSON.stringify(meta),
          importId,
        );
      store.db
        .prepare('INSERT INTO stored_file (sha256, name, role, added_at, added_by) VALUES (?, ?, ?, ?, ?)')
        .run(stored.sha256, fileName, 'original', importedAt, ctx.actor);
      findings?.finish();
      const record: ImportResult = {
        importId,
        sha256: stored.sha256,
        fileName,
        format: spec.id,
        formatLabel: spec.label,
        parserVersion: spec.parserVersion,
        hostName,
        size: stored.size,
        importedAt,
        importedBy: ctx.actor,
        hostCount: writer.hosts,
        observationCount: writer.observations,
        ruleCount: rules.rules,
        ticketCount: tickets.tickets,
        noteCount: writer.notes,
        meta,
        firstNotes,
      };
      const payload = {
        importId,
        fileName,
        sha256: stored.sha256,
        format: spec.id,
        parserVersion: spec.parserVersion,
        hostName,
        hosts: writer.hosts,
        observations: writer.observations,
        rules: rules.rules,
        tickets: tickets.tickets,
        notes: writer.notes,
      };
      return { value: record, payload };
    } finally {
      stream.destroy();
    }
  });
}

function detect(
  head: Buffer,
  encoding: ReturnType<typeof sniffEncoding>['encoding'],
  bom: number,
  fileName: string,
): FormatSpec {
  if (head.length === 0) {
    throw new PortcullisError(
      'UNKNOWN_FORMAT',
      `${fileName}: the file is empty (0 bytes); nothing to detect. If an empty result is expected (masscan writes 0 bytes when nothing is open), choose the format explicitly`,
    );
  }
  let text: string;
  try {
    // Cut at the last complete line so a multi-byte character split by the head boundary does not count.
    const decoder = createDecoder(encoding, bom);
    text = decoder.decode(
      head.length >= HEAD_BYTES ? head.subarray(0, head.lastIndexOf(10) + 1 || head.length) : head,
      0,
    );
  } catch (err) {
    if (err instanceof ParseError)
      throw new PortcullisError('UNKNOWN_FORMAT', `${fileName}: ${err.message}; nothing was imported`);
    throw err;
  }
  const spec = detectFormat(text, fileName);
  if (!spec) {
    const shown = JSON.stringify(text.slice(0, 60));
    throw new PortcullisError(
      'UNKNOWN_FORMAT',
      `${fileName}: format not recognised (the file starts ${shown}); expected one of the formats listed by "portcullis formats", or choose one explicitly`,
    );
  }
  return spec;
}

function parseFailure(fileName: string, spec: FormatSpec, err: ParseError): PortcullisError {
  const where = err.line !== null ? `line ${err.line}${err.column !== null ? `, column ${err.column}` : ''}: ` : '';
  return new PortcullisError(
    'PARSE_ERROR',
    `${fileName}: ${where}${err.message} (as ${spec.label}); nothing was imported`,
  );
}

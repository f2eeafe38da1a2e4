// Every imported rule in evaluation order (rules.csv), with its sources, destinations and services as
// the parsers expanded them and the line numbers of the original it came from.
import type { Database } from 'better-sqlite3';
import { listRules } from '../../store/rules';
import { paged, type Table } from './table';

export function rulesTable(db: Database): Table {
  return {
    name: 'rules',
    columns: [
      'rule_id',
      'import_id',
      'device',
      'ruleset',
      'order',
      'direction',
      'action',
      'target',
      'sources',
      'sources_negated',
      'destinations',
      'destinations_negated',
      'protocol',
      'destination_ports',
      'source_ports',
      'in_interface',
      'out_interface',
      'from_zone',
      'to_zone',
      'enabled',
      'name',
      'comment',
      'hit_count',
      'line_from',
      'line_to',
      'text',
    ],
    *rows() {
      for (const r of paged((offset, limit) => listRules(db, {}, { offset, limit }).rows)) {
        yield [
          r.ruleId,
          r.importId,
          r.device,
          r.ruleset,
          r.order,
          r.direction,
          r.action,
          r.target,
          r.sources.join(' '),
          r.sourcesNegated,
          r.destinations.join(' '),
          r.destinationsNegated,
          r.protocol,
          r.destinationPorts?.join(' ') ?? null,
          r.sourcePorts?.join(' ') ?? null,
          r.interfaces.in,
          r.interfaces.out,
          r.zones.from,
          r.zones.to,
          r.enabled,
          r.name,
          r.comment,
          r.hitCount,
          r.lineFrom,
          r.lineTo,
          r.text,
        ];
      }
    },
  };
}

// Insecure services open now that no imported rule admits from any source (4), and the rule lines that do
// admit each open service (shown by the other categories). Reads the devices through reconcile-devices
// (latest import of each, entry rulesets, scoping by named destinations); the answers land in
// temp.rc_host and temp.rc_class, which the row query joins (see ADMISSION in reconcile-rows).
import type { Database } from 'better-sqlite3';
import { destination, devicesFor, type Destination, type DeviceView } from './reconcile-devices';
import { ADMITTED, baseRow, queryEndpoints, type Lookups } from './reconcile-rows';

/**
 * Asks the devices that filter traffic toward each open insecure endpoint whether some source may reach
 * it, into temp.rc_host and temp.rc_class. Hosts are classed by the devices that filter toward them and
 * the destination region on each, so each question is asked once per class, protocol and port; the row
 * queries join the answers back (see ADMISSION in reconcile-endpoints).
 */
export function admitEndpoints(db: Database, devices: readonly DeviceView[]): void {
  const deviceNames = devices.map((d) => d.device.toLowerCase());
  const hosts = db
    .prepare('SELECT asset, max(host_names) FROM temp.rc_item_ep WHERE open_now GROUP BY asset')
    .raw()
    .all() as [string, string][];
  const putHost = db.prepare('INSERT INTO temp.rc_host (asset, class) VALUES (?, ?)');
  /** A class: the indexes of the devices filtering toward its hosts, and one of its hosts to ask about. */
  const classes = new Map<string, { relevant: DeviceView[]; address: Destination }>();
  db.transaction(() => {
    for (const [asset, hostNames] of hosts) {
      // The asset is the address; host listings named after a host no scan resolved have none.
      const address = destination(asset);
      if (address === null) {
        putHost.run(asset, null);
        continue;
      }
      const lower = `${asset}\u0000${hostNames}`.toLowerCase();
      const names = deviceNames.some((n) => lower.includes(n))
        ? new Set([asset, ...(JSON.parse(hostNames) as string[])].map((n) => n.toLowerCase()))
        : new Set<string>();
      const relevant = devicesFor(devices, { address, names });
      const key = relevant.map((d) => `${devices.indexOf(d)}:${d.region(address)}`).join(' ');
      if (key !== '' && !classes.has(key)) classes.set(key, { relevant, address });
      putHost.run(asset, key);
    }
  })();
  const combos = db
    .prepare(
      `SELECT DISTINCT h.class, e.proto, e.port FROM temp.rc_item_ep e JOIN temp.rc_host h ON h.asset = e.asset
       WHERE e.open_now AND h.class <> ''`,
    )
    .raw()
    .all() as [string, string, number][];
  const putClass = db.prepare(
    'INSERT INTO temp.rc_class (class, proto, port, admitted, relevant, rule_ids, rules) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (const [key, proto, port] of combos) {
      const c = classes.get(key)!;
      const answers = c.relevant.map((d) => d.reach(c.address, proto, port));
      putClass.run(
        key,
        proto,
        port,
        answers.some((a) => a.admitted) ? 1 : 0,
        JSON.stringify(c.relevant.map((d) => d.device)),
        JSON.stringify([...new Set(answers.flatMap((a) => a.ruleIds))]),
        JSON.stringify([...new Set(answers.flatMap((a) => a.rules))]),
      );
    }
  })();
}

/** 4. Insecure services open now that no imported rule admits from any source (admitEndpoints first). */
export function observedNotAdmitted(
  db: Database,
  look: Lookups,
  devices: readonly DeviceView[],
  limit: number | undefined,
) {
  const { count, rows } = queryEndpoints(db, look, `e.open_now AND ${ADMITTED} = 0`, limit);
  const unaddressed = db
    .prepare(
      `SELECT count(DISTINCT e.inv_id) FROM temp.rc_item_ep e JOIN temp.rc_host h ON h.asset = e.asset
       WHERE e.open_now AND h.class IS NULL`,
    )
    .pluck()
    .get() as number;
  const notes = [
    `A device is taken to filter traffic toward a host only when a rule it evaluates names the host's address in a concrete destination (not "any"), or when the device is the host's own firewall (named after the host); a rulebase says nothing about hosts behind another device. ${devices.length} device(s) read: ${devices.map((d) => `${d.device} (import #${d.importId})`).join(', ')}.`,
  ];
  if (unaddressed > 0) {
    notes.push(
      `${unaddressed} open insecure port(s) known only by host name (no scanned address) could not be checked against rules.`,
    );
  }
  return {
    count,
    notes,
    rows: rows.map((e) => {
      const row = baseRow(e, look);
      const relevant = e.relevant;
      const what = `${row.title} is open on ${row.host} ${row.endpoint} (last seen ${(row.lastSeen ?? '').slice(0, 10) || 'at an unknown date'})`;
      if (relevant.length === 0) {
        row.finding = `${what}, and no imported rulebase covers ${row.host}: none of the ${devices.length} device(s) names the address in a rule traffic toward it meets, and none is the host's own firewall.`;
        row.action = look.text(
          'Find how it is reached: if the host is exposed outside the imported firewalls (host or cloud exposure), filter it there or close the port; if a firewall in front of it was not imported, import its rulebase.',
        );
      } else {
        const devs = relevant.join(', ');
        row.finding = `${what}, but ${devs} ${relevant.length === 1 ? 'filters' : 'filter'} traffic to ${row.host} and no rule admits ${row.endpoint} from any source (at most return traffic).`;
        row.action = look.text(
          `It is open yet not allowed through ${devs}: it is reached another way (same segment, host or cloud exposure) or the allowing rule is missing from the import. Close it if unused; otherwise document the path and its rule.`,
        );
      }
      return row;
    }),
  };
}

// What the host's menu events may say, checked before anything is raised (see commands.ts). Pure, so it
// is tested under Node without a page.
import { menuCommands, OPEN_RECENT, type MenuCommand } from '../../src-main/api/channels';

/** A raised command; File > Open Recent carries the engagement (a path in the host's recent list). */
export type Command = { command: MenuCommand } | { command: typeof OPEN_RECENT; path: string };

/**
 * The command in an event from the host, or null: events are data from another process, so the command
 * must be one we know and Open Recent's path a non-empty string. The host still decides whether the path
 * may be opened; this only keeps malformed events from raising anything.
 */
export function commandOfEvent(event: unknown): Command | null {
  if (typeof event !== 'object' || event === null) return null;
  const e = event as Record<string, unknown>;
  if (e['type'] !== 'menu') return null;
  const command = e['command'];
  if (command === OPEN_RECENT) {
    const path = e['path'];
    return typeof path === 'string' && path !== '' ? { command: OPEN_RECENT, path } : null;
  }
  const known = menuCommands.find((c) => c === command);
  return known ? { command: known } : null;
}

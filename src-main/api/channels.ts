// The names of every channel, as plain data: the sandboxed preload needs them without pulling in zod.
// contract.ts is checked against this list by the compiler, so the two cannot drift apart.
export const channelNames = [
  'host.info',
  'engagement.list',
  'engagement.create',
  'engagement.open',
  'engagement.info',
  'engagement.update',
  'engagement.close',
  'engagement.sample',
  'engagement.recent',
  'engagement.forget',
  'audit.list',
  'audit.verify',
  'file.list',
  'file.extract',
  'file.add',
  'file.verify',
  'format.list',
  'import.files',
  'import.list',
  'import.notes',
  'observation.query',
  'rule.devices',
  'rule.list',
  'rule.reach',
  'ticket.list',
  'ticket.suggestions',
  'drift.compare',
  'drift.timeline',
  'standard.get',
  'standard.history',
  'standard.edit',
  'standard.export',
  'item.list',
  'item.get',
  'inventory.query',
  'inventory.groups',
  'inventory.get',
  'inventory.annotate',
  'inventory.importAssets',
  'review.get',
  'review.apply',
  'review.validate',
  'review.addFeature',
  'review.undo',
  'testplan.generate',
  'testplan.list',
  'dashboard.get',
  'evidence.list',
  'evidence.update',
  'evidence.note',
  'reconcile.run',
  'identity.new',
  'identity.import',
  'identity.list',
  'export.package',
  'export.report',
  'package.verify',
  'job.cancel',
  'dialog.openFiles',
  'dialog.openEngagement',
] as const;

export type ChannelName = (typeof channelNames)[number];

/**
 * What the native menu (and the same keyboard shortcuts in the page) asks the renderer to do. Plain data,
 * like the channel names: the main process sends them as `{ type: 'menu', command }` events.
 * 'clear-recent' is File > Open Recent > Clear Recent: the renderer forgets each engagement in the list.
 */
export const menuCommands = ['new', 'open', 'sample', 'import', 'export', 'verify', 'find', 'clear-recent'] as const;
export type MenuCommand = (typeof menuCommands)[number];
/**
 * File > Open Recent > an engagement, sent as `{ type: 'menu', command: 'open-recent', path }`. The path is
 * one from the host's recent list, so the host already allows it; the renderer opens it with
 * `engagement.open` like the welcome screen's recent list, and no event can widen what the host allows.
 */
export const OPEN_RECENT = 'open-recent';

/** The IPC channel names used between preload and main. */
export const IPC_INVOKE = 'portcullis:invoke';
export const IPC_EVENT = 'portcullis:event';
/** Preload -> main: the path of a file the user dropped on the window, which requests may then use. */
export const IPC_GRANT_DROPPED = 'portcullis:grant-dropped';

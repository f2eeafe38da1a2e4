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
  'testplan.generate',
  'testplan.list',
  'dashboard.get',
  'evidence.list',
  'evidence.update',
  'evidence.note',
  'job.cancel',
  'dialog.openFiles',
] as const;

export type ChannelName = (typeof channelNames)[number];

/** The IPC channel names used between preload and main. */
export const IPC_INVOKE = 'portcullis:invoke';
export const IPC_EVENT = 'portcullis:event';
/** Preload -> main: the path of a file the user dropped on the window, which requests may then use. */
export const IPC_GRANT_DROPPED = 'portcullis:grant-dropped';

// The columns the inventory can be sorted by: shared by the core query and the contract (no imports, so
// the renderer may use it).
export const inventorySorts = [
  'asset',
  'port',
  'service',
  'owner',
  'observations',
  'imports',
  'insecure',
  'lastSeen',
] as const;
export type InventorySort = (typeof inventorySorts)[number];

/** The group keys of rows with no identified service / no owner; as filter values they select those rows. */
export const NO_SERVICE = '(not identified)';
export const NO_OWNER = '(no owner)';

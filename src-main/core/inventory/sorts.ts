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

// The import formats whose observations come from the host itself (listener inventories): the inventory
// says which host inventory lists a service.
import { formats } from '../core/import/formats';

export const HOST_FORMATS: readonly string[] = formats.filter((f) => f.family === 'hosts').map((f) => f.id);

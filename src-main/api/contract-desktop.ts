// Contract schemas of the desktop's start screen: the sample engagement, recently opened engagements and
// the open dialog for engagement files. zod only.
import { z } from 'zod';

const filePath = z
  .string()
  .min(1, 'a file path is required')
  .max(4096)
  .refine((s) => !s.includes('\u0000'), 'must not contain NUL');

/** Copy the shipped sample to `path` (in the workspace when relative); a free name is chosen when absent. */
export const SampleRequest = z.object({ path: filePath.optional() }).strict();

export const RecentEngagement = z.object({
  path: z.string(),
  fileName: z.string(),
  openedAt: z.string(),
  entity: z.string().nullable(),
  assessor: z.string().nullable(),
  /** Why it cannot be opened now (moved, deleted, damaged), or null. */
  problem: z.string().nullable(),
});

export const ForgetRecentRequest = z.object({ path: filePath }).strict();

export const ChosenEngagement = z.object({ path: z.string().nullable() });

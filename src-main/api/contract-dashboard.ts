// Contract schema of the dashboard: the counts behind its charts. zod only.
import { z } from 'zod';

export const Dashboard = z.object({
  items: z.number().int(),
  ready: z.number().int(),
  score: z.number(),
  byCriterion: z.array(z.object({ criterion: z.string(), title: z.string(), items: z.number().int() })),
  byDisposition: z.array(
    z.object({
      disposition: z.enum(['none', 'disable', 'replace', 'constrain']),
      items: z.number().int(),
      ready: z.number().int(),
    }),
  ),
  expiry: z.array(z.object({ month: z.string(), exceptions: z.number().int() })),
  timeline: z.array(
    z.object({
      importId: z.number().int(),
      fileName: z.string(),
      date: z.string(),
      open: z.number().int(),
      insecure: z.number().int(),
    }),
  ),
});

// Contract schemas for reviews of insecure items and the engagement's readiness. zod only (the renderer
// imports it); the record schema itself lives with the review model.
import { z } from 'zod';
import { Disposition, ExceptionStatus, ReviewRecord } from '../core/review/model';

export { ReviewRecord };

export const ValidationIssue = z.object({
  code: z.string(),
  severity: z.enum(['blocker', 'advice']),
  message: z.string(),
  fix: z.string(),
  feature: z.number().int().optional(),
});

export const ReviewState = z.object({
  itemKey: z.string(),
  record: ReviewRecord,
  saved: z.boolean(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  issues: z.array(ValidationIssue),
  auditReady: z.boolean(),
  /** Whether the last change can be undone from the audit log, and what undo would do or why not. */
  undo: z.object({ available: z.boolean(), detail: z.string() }).optional(),
});

export const Readiness = z.object({
  score: z.number(),
  ready: z.number().int(),
  total: z.number().int(),
  items: z.array(
    z.object({
      key: z.string(),
      summary: z.string(),
      severity: z.enum(['high', 'medium', 'low']),
      disposition: Disposition.nullable(),
      status: ExceptionStatus,
      auditReady: z.boolean(),
      issues: z.array(ValidationIssue),
    }),
  ),
});

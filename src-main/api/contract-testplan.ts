// Contract schemas for validation test plans: the vantage points a plan is made for, the planned cases
// (with the command to run and, once a scan ran them, the result) and why some features get no case.
import { z } from 'zod';

export const Vantage = z
  .object({
    name: z.string().trim().min(1, 'a vantage point needs a name').max(200),
    address: z.string().trim().min(2).max(100),
  })
  .strict();

export const TestCase = z.object({
  ref: z.string(),
  itemKey: z.string(),
  featureId: z.string(),
  device: z.string(),
  ruleImportId: z.number().int(),
  vantage: z.string(),
  source: z.string(),
  target: z.string(),
  proto: z.string(),
  port: z.number().int(),
  admitted: z.array(z.string()),
  command: z.string(),
  expected: z.string(),
  status: z.enum(['planned', 'passed', 'failed', 'inconclusive']),
  resultImportId: z.number().int().nullable(),
  resultState: z.string().nullable(),
  resultAt: z.string().nullable(),
  createdAt: z.string(),
});

export const PlanGap = z.object({ itemKey: z.string(), featureId: z.string().nullable(), message: z.string() });

export const TestPlan = z.object({ cases: z.array(TestCase), added: z.number().int(), gaps: z.array(PlanGap) });

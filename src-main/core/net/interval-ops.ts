// The interval algebra per address family: intervals.ts for IPv4 (and ports, protocols), its copy
// intervals-v6.ts for IPv6; callers that work on either family pick theirs here.
import * as v4 from './intervals';
import * as v6 from './intervals-v6';

export type IntervalOps = typeof v4;
export const OPS_V4: IntervalOps = v4;
export const OPS_V6: IntervalOps = v6;

export function opsFor(family: 4 | 6): IntervalOps {
  return family === 4 ? OPS_V4 : OPS_V6;
}

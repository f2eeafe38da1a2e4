// Names for the values the views show, all derived from the contract so they cannot drift from it.
import type { Request, Response } from '../../../src-main/api/contract';

export type HostInfo = Response<'host.info'>;
export type EngagementListing = Response<'engagement.list'>[number];
export type EngagementInfo = Response<'engagement.info'>;
export type AuditVerdict = Response<'audit.verify'>;
export type AuditEntry = Response<'audit.list'>[number];
export type StoredFile = Response<'file.list'>[number];
export type EngagementMetaInput = Request<'engagement.create'>['meta'];
export type EngagementPatch = Request<'engagement.update'>['patch'];

// Names for the values the views show, all derived from the contract so they cannot drift from it.
import type { JobResult, Request, Response } from '../../../src-main/api/contract';

export type HostInfo = Response<'host.info'>;
export type EngagementListing = Response<'engagement.list'>[number];
export type EngagementInfo = Response<'engagement.info'>;
export type AuditVerdict = Response<'audit.verify'>;
export type AuditEntry = Response<'audit.list'>[number];
export type StoredFile = Response<'file.list'>[number];
export type EngagementMetaInput = Request<'engagement.create'>['meta'];
export type EngagementPatch = Request<'engagement.update'>['patch'];
export type FormatInfo = Response<'format.list'>[number];
export type ImportRecord = Response<'import.list'>[number];
export type ParseNote = Response<'import.notes'>[number];
export type ImportOutcome = JobResult<'import.files'>[number];
export type ObservationRow = Response<'observation.query'>['rows'][number];
export type ObservationQuery = Request<'observation.query'>;
export type ObservationFilter = NonNullable<ObservationQuery['filter']>;
export type ObservationSort = NonNullable<ObservationQuery['sort']>;
export type RuleDevice = Response<'rule.devices'>[number];
export type RulesetSummary = RuleDevice['rulesets'][number];
export type StoredRule = Response<'rule.list'>['rows'][number];
export type RulesetPolicy = Response<'rule.list'>['policies'][number];
export type RuleAction = StoredRule['action'];
export type ReachRequest = Request<'rule.reach'>;
export type ReachResult = Response<'rule.reach'>;
export type RuleRef = NonNullable<ReachResult['byRule'][number]['rule']>;
export type RuleListRequest = Request<'rule.list'>;

// Change-ticket exports: Jira (REST JSON, VCR cassettes, CSV), ServiceNow change_request (Table API
// JSON, XML export, list CSV) and a generic CSV with a column mapping.
import type { FormatSpec } from '../types';
import { jiraCsv, servicenowCsv, ticketCsv } from './csv-tickets';
import { jiraCassette, jiraJson } from './jira-json';
import { servicenowJson, servicenowXml } from './servicenow';

export const ticketFormats: FormatSpec[] = [
  jiraJson,
  jiraCassette,
  jiraCsv,
  servicenowJson,
  servicenowXml,
  servicenowCsv,
  ticketCsv,
];

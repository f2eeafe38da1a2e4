// TLS and SSH assessors: sslyze, testssl.sh, sslscan, ssh-audit.
import type { FormatSpec } from '../types';
import { sshAuditJson } from './ssh-audit-json';
import { sslscanXml } from './sslscan-xml';
import { sslyzeJson } from './sslyze-json';
import { sslyzeXml } from './sslyze-xml';
import { testsslCsv } from './testssl-csv';
import { testsslJson } from './testssl-json';

export const tlsFormats: FormatSpec[] = [sslyzeJson, sslyzeXml, testsslJson, testsslCsv, sslscanXml, sshAuditJson];

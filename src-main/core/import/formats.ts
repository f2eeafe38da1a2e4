// The registry of every import format and content-based detection over it.
import { genericFormats } from './generic/index';
import { hostFormats } from './hosts/index';
import { ciscoFortinetFormats } from './rulebases/cisco-fortinet';
import { checkpointFormats } from './rulebases/checkpoint';
import { cloudRulebaseFormats } from './rulebases/cloud';
import { hostFirewallFormats } from './rulebases/host-firewalls';
import { linuxRulebaseFormats } from './rulebases/linux';
import { paloaltoJuniperFormats } from './rulebases/paloalto-juniper';
import { vmwareNsxFormats } from './rulebases/vmware-nsx';
import { portScannerFormats } from './scans/port-scanners';
import { vulnScannerFormats } from './scans/vuln-scanners';
import { ticketFormats } from './tickets/index';
import { tlsFormats } from './tls/index';
import type { FormatSpec } from './types';

export const formats: readonly FormatSpec[] = [
  ...portScannerFormats,
  ...vulnScannerFormats,
  ...tlsFormats,
  ...hostFormats,
  ...linuxRulebaseFormats,
  ...cloudRulebaseFormats,
  ...ciscoFortinetFormats,
  ...paloaltoJuniperFormats,
  ...checkpointFormats,
  ...vmwareNsxFormats,
  ...hostFirewallFormats,
  ...ticketFormats,
  ...genericFormats,
];

export function formatById(id: string): FormatSpec | undefined {
  return formats.find((f) => f.id === id);
}

/** The best-scoring format for the start of a file, or undefined when none claims it. */
export function detectFormat(head: string, fileName: string): FormatSpec | undefined {
  let best: FormatSpec | undefined;
  let bestScore = 0;
  for (const f of formats) {
    const score = f.detect(head, fileName);
    if (score > bestScore) {
      best = f;
      bestScore = score;
    }
  }
  return best;
}

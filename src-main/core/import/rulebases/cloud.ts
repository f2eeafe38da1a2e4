// Cloud controls: AWS security groups and network ACLs, Azure NSGs, GCP firewall rules, Kubernetes NetworkPolicy.
import type { FormatSpec } from '../types';

export const cloudRulebaseFormats: FormatSpec[] = [];

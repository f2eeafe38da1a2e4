// Cloud controls: AWS security groups and network ACLs, Azure NSGs, GCP firewall rules, Kubernetes NetworkPolicy.
import type { FormatSpec } from '../types';
import { awsNetworkAcls } from './aws-network-acls';
import { awsSecurityGroups } from './aws-security-groups';
import { azureNsg } from './azure-nsg';
import { gcpFirewall } from './gcp-firewall';
import { k8sNetworkPolicy } from './k8s-networkpolicy';

export const cloudRulebaseFormats: FormatSpec[] = [
  awsSecurityGroups,
  awsNetworkAcls,
  azureNsg,
  gcpFirewall,
  k8sNetworkPolicy,
];

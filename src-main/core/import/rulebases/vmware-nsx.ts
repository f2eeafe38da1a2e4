// VMware NSX-V distributed firewall XML and NSX-T policy JSON.
import type { FormatSpec } from '../types';
import { nsxtFormat } from './vmware-nsxt';
import { nsxvFormat } from './vmware-nsxv';

export const vmwareNsxFormats: FormatSpec[] = [nsxvFormat, nsxtFormat];

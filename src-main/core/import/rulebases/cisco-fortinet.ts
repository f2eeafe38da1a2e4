// Cisco ASA and IOS configurations and ACL listings, FortiGate configurations.
import type { FormatSpec } from '../types';
import { ciscoAsaConfig } from './cisco-asa-config';
import { ciscoAsaShowAccessList } from './cisco-asa-show-access-list';
import { ciscoIosAcl } from './cisco-ios-acl';
import { ciscoIosShowAccessLists } from './cisco-ios-show-access-lists';
import { fortigateConfig } from './fortigate-config';

export const ciscoFortinetFormats: FormatSpec[] = [
  ciscoAsaConfig,
  ciscoAsaShowAccessList,
  ciscoIosAcl,
  ciscoIosShowAccessLists,
  fortigateConfig,
];

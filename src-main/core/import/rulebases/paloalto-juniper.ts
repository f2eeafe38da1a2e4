// Palo Alto PAN-OS (XML and set/brace text), Juniper SRX/JunOS (set and curly), pfSense/OPNsense config.xml.
import type { FormatSpec } from '../types';
import { junosFormats } from './junos-text';
import { panosShowRunningFormat } from './panos-show-running';
import { panosTextFormats } from './panos-text';
import { panosXmlFormat } from './panos-xml';
import { pfsenseConfigFormat } from './pfsense-config';

export const paloaltoJuniperFormats: FormatSpec[] = [
  panosXmlFormat,
  ...panosTextFormats,
  panosShowRunningFormat,
  ...junosFormats,
  pfsenseConfigFormat,
];

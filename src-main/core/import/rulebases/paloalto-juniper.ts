// Palo Alto PAN-OS (XML and set/brace text), Juniper SRX/JunOS (set and curly), pfSense/OPNsense config.xml.
import type { FormatSpec } from '../types';

export const paloaltoJuniperFormats: FormatSpec[] = [];

// Port scanners: nmap (XML, grepable), masscan (XML, JSON, list), naabu (JSON lines).
import type { FormatSpec } from '../types';
import { masscanJsonFormat } from './masscan-json';
import { masscanListFormat } from './masscan-list';
import { masscanXmlFormat } from './masscan-xml';
import { naabuJsonFormat } from './naabu-json';
import { nmapGrepableFormat } from './nmap-grepable';
import { nmapXmlFormat } from './nmap-xml';

export const portScannerFormats: FormatSpec[] = [
  nmapXmlFormat,
  nmapGrepableFormat,
  masscanXmlFormat,
  masscanJsonFormat,
  masscanListFormat,
  naabuJsonFormat,
];

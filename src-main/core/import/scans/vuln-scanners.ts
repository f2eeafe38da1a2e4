// Vulnerability scanners: Nessus v2, OpenVAS/Greenbone, Qualys (scan and asset reports), Rapid7 Nexpose.
import type { FormatSpec } from '../types';
import { nessusV2 } from './nessus-v2';
import { nexposeXml } from './nexpose-xml';
import { openvasXml } from './openvas-xml';
import { qualysAssetXml, qualysScanXml } from './qualys-xml';

export const vulnScannerFormats: FormatSpec[] = [nessusV2, openvasXml, qualysScanXml, qualysAssetXml, nexposeXml];

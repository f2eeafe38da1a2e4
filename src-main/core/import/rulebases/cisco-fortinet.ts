// Cisco ASA and IOS configurations and ACL listings, FortiGate configurations.
import type { FormatSpec } from '../types';

export const ciscoFortinetFormats: FormatSpec[] = [];

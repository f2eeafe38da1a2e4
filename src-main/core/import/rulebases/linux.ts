// Host firewalls: iptables-save / ip6tables-save, nftables (text and JSON), and a generic CSV rule export.
import type { FormatSpec } from '../types';

export const linuxRulebaseFormats: FormatSpec[] = [];

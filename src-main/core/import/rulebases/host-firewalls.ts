// Host and small-router firewalls: ufw status, OpenBSD pf.conf, MikroTik RouterOS firewall print.
import type { FormatSpec } from '../types';
import { mikrotikFirewall } from './mikrotik-firewall';
import { openbsdPf } from './openbsd-pf';
import { ufwStatus } from './ufw-status';

export const hostFirewallFormats: FormatSpec[] = [ufwStatus, openbsdPf, mikrotikFirewall];

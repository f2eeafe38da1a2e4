// The sample's input files by name: two nmap scans a month apart, the payment gateway's listeners and
// host firewall, the store firewall's configuration, the change tickets and one configuration excerpt.
// Pure text, the same on every run, so the files in resources/samples/harbor-street/ can be checked
// against what this module makes.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { asaConfig, iptablesSave, jumpHostSshdConfig, serviceNowExport, ssListing } from './configs';
import { DOMAIN, novemberHosts, octoberHosts } from './network';
import { nmapXml } from './nmap-xml';

export const INPUT = {
  octoberScan: 'nmap-2026-10-05.xml',
  novemberScan: 'nmap-2026-11-09.xml',
  gatewayListeners: 'pay-gw-01-ss-tulpn.txt',
  gatewayFirewall: 'pay-gw-01-iptables-save.txt',
  storeFirewall: 'hsg14-asa-01-running-config.txt',
  tickets: 'servicenow-change_request.json',
  sshdConfig: 'jump-01-sshd_config.txt',
} as const;

const TARGETS = '10.40.10.0/24 10.40.20.0/24 10.40.30.0/24 10.40.90.0/24';
const TCP_PORTS = '21-23,80,443,445,554,3389,8080,9100';
const UDP_PORTS = '161';
const SCRIPTS = 'ssl-enum-ciphers,ssh2-enum-algos,sshv1,ftp-anon,snmp-sysdescr';

function scan(file: string, start: number, elapsed: number, hosts: ReturnType<typeof octoberHosts>): string {
  return nmapXml({
    start,
    elapsed,
    total: 1024,
    args: `nmap -sS -sU -sV -p T:${TCP_PORTS},U:${UDP_PORTS} --script ${SCRIPTS} -oX ${file} ${TARGETS}`,
    tcpPorts: TCP_PORTS,
    udpPorts: UDP_PORTS,
    domain: DOMAIN,
    hosts,
  });
}

/** Every input file, by name, in the order the sample imports them. */
export function sampleInputs(): Map<string, string> {
  return new Map([
    // 2026-10-05 09:30:12 UTC and 2026-11-09 09:41:37 UTC
    [INPUT.octoberScan, scan(INPUT.octoberScan, 1_791_192_612, 873.51, octoberHosts())],
    [INPUT.novemberScan, scan(INPUT.novemberScan, 1_794_217_297, 912.08, novemberHosts())],
    [INPUT.gatewayListeners, ssListing()],
    [INPUT.gatewayFirewall, iptablesSave()],
    [INPUT.storeFirewall, asaConfig()],
    [INPUT.tickets, serviceNowExport()],
    [INPUT.sshdConfig, jumpHostSshdConfig()],
  ]);
}

/** Writes the inputs into `dir`, removing any other file there so the folder holds exactly these. */
export function writeSampleInputs(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const inputs = sampleInputs();
  for (const name of readdirSync(dir)) if (!inputs.has(name)) rmSync(join(dir, name), { recursive: true });
  for (const [name, text] of inputs) writeFileSync(join(dir, name), text, 'utf8');
}

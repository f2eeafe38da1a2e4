// Reachability over real cloud and virtualisation rulebases of the corpus (AWS, Azure, GCP, Kubernetes,
// VMware NSX), answered by the engine behind rule.reach and checked by hand against the files. Above each
// flow: the lines that decide it and why.
import { describe, expect, it } from 'vitest';
import { allV4Except, importRulebase } from './rules-reach-corpus-helpers';
import { corpusAvailable } from './import-helpers';

describe.skipIf(!corpusAvailable)('reachability by hand: AWS', () => {
  it('aws-security-groups: lab VPC groups and the hybrid RDS group', async () => {
    const lab = await importRulebase('lab-validation--SecurityGroups.json', 'aws-security-groups');
    expect(lab.devices).toEqual(['vpc-0c197509cc4686f2b']);
    const mgmt = 'sg-03d70d6f7bbb9b219 (vnd_panos_sg_mgmt) ingress';
    // 5-6 sg-03d70d6f7bbb9b219 vnd_panos_sg_mgmt; 8-21 FromPort 22, IpProtocol tcp, CidrIp 0.0.0.0/0
    // ("SSH Access"), ToPort 22: anyone.
    expect(lab.answer({ to: '10.0.0.10', port: 22, entry: [mgmt] })).toEqual({
      admitted: ['0.0.0.0/0'],
      conditional: [],
    });
    // The group's other permissions are icmp (22-35) and tcp/443 (36-49): RDP is not allowed (groups only allow).
    expect(lab.answer({ to: '10.0.0.10', port: 3389, entry: [mgmt] })).toEqual({ admitted: [], conditional: [] });
    // 76 the default group sg-047531e10577ee73b; 79-90 allows all traffic (80 IpProtocol -1) only from
    // members of itself (84-89 UserIdGroupPairs GroupId sg-047531e10577ee73b): their addresses are not in
    // the export, so any source may or may not be one.
    expect(lab.answer({ to: '10.0.0.10', port: 22, entry: ['sg-047531e10577ee73b (default) ingress'] })).toEqual({
      admitted: [],
      conditional: ['0.0.0.0/0'],
    });

    const hybrid = await importRulebase('batfish-hybrid-aws-SecurityGroups.json', 'aws-security-groups');
    // 82-83 sg-55510831 "RDS VPC security group"; 86-121 tcp 3306 from 10.193.0.0/16, 107.170.243.58/32,
    // 104.236.156.171/32, 162.243.144.192/32, 67.170.86.87/32, and from members of sg-cf3f86b3 ("jump
    // host", 114-119) whose addresses are unknown: those five blocks for sure, anyone else maybe.
    const five = ['10.193.0.0/16', '67.170.86.87/32', '104.236.156.171/32', '107.170.243.58/32', '162.243.144.192/32'];
    expect(
      hybrid.answer({ device: 'vpc-b390fad5', to: '10.0.0.20', port: 3306, entry: ['sg-55510831 (default) ingress'] }),
    ).toEqual({ admitted: five, conditional: allV4Except(five) });
    // The same group on 22: no permission names it.
    expect(
      hybrid.answer({ device: 'vpc-b390fad5', to: '10.0.0.20', port: 22, entry: ['sg-55510831 (default) ingress'] }),
    ).toEqual({ admitted: [], conditional: [] });
  });

  it('aws-network-acls: batfish NACL export', async () => {
    const nacl = await importRulebase('batfish--NetworkAcls.json', 'aws-network-acls');
    // 56 NetworkAclId acl-4db39c28, 58 VpcId vpc-f8fad69d; ingress entries ("Egress": false): 36-46 rule
    // 100 allow tcp (Protocol 6) 3306-3306 from 162.243.144.192/32, 47-53 rule 32767 deny all: only that
    // host reaches MySQL.
    expect(nacl.answer({ device: 'vpc-f8fad69d', to: '10.0.1.5', port: 3306 })).toEqual({
      admitted: ['162.243.144.192/32'],
      conditional: [],
    });
    // Port 22 meets only rule 32767 deny.
    expect(nacl.answer({ device: 'vpc-f8fad69d', to: '10.0.1.5', port: 22 })).toEqual({
      admitted: [],
      conditional: [],
    });
  });
});

describe.skipIf(!corpusAvailable)('reachability by hand: Azure, GCP, Kubernetes', () => {
  it('azure-nsg: batfish subnet NSG', async () => {
    const nsg = await importRulebase('batfish-azure-subnet-nsg.json', 'azure-nsg');
    // 12-34 AllowCidrBlockSSHInbound: priority 100, TCP, 10.0.0.0/24 -> *, destinationPortRanges 22-23, 80,
    // 8080; 36-55 DenyCidrBlockCustomAnyInbound: priority 110, * -> * deny. The default AllowVnetInBound
    // (65000) and AllowAzureLoadBalancerInBound (65001) come after the 110 deny and never decide.
    expect(nsg.answer({ to: '10.0.1.4', port: 22 })).toEqual({ admitted: ['10.0.0.0/24'], conditional: [] });
    expect(nsg.answer({ to: '10.0.1.4', port: 8080 })).toEqual({ admitted: ['10.0.0.0/24'], conditional: [] });
    // 443 is not in 22-23, 80, 8080: the priority 110 deny.
    expect(nsg.answer({ to: '10.0.1.4', port: 443 })).toEqual({ admitted: [], conditional: [] });
  });

  it('gcp-firewall: aerleon GCE sample', async () => {
    const gce = await importRulebase('aerleon--TestRegressionDemo.testSmokeTest.sample_gce.gce.ref', 'gcp-firewall');
    // 2-18 default-test-ssh: tcp 22 from 200.1.1.3/32; 121-139 default-test-internal: tcp and udp (any port)
    // from 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16; 140-154 default-default-deny: priority 65534 (the
    // allows have the default 1000, so they win).
    const rfc1918 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];
    expect(gce.answer({ to: '10.128.0.5', port: 22 })).toEqual({
      admitted: [...rfc1918, '200.1.1.3/32'],
      conditional: [],
    });
    // 19-38 default-test-web: tcp 80 from 0.0.0.0/0 but only to instances tagged webserver (35-37), which
    // the export cannot tell. 200.1.1.3 is allowed all tcp anyway (90-103 and 104-120; 67-89 is only
    // 1024-65535) and the RFC 1918 blocks by 121-139: those for sure, everyone else only if the target
    // instance has the tag.
    const sure = [...rfc1918, '200.1.1.3/32'];
    expect(gce.answer({ to: '10.128.0.5', port: 80 })).toEqual({ admitted: sure, conditional: allV4Except(sure) });
    // udp/53: only default-test-internal (121-139) allows udp to port 53 (67-89 is udp 1024-65535).
    expect(gce.answer({ to: '10.128.0.5', proto: 'udp', port: 53 })).toEqual({ admitted: rfc1918, conditional: [] });
  });

  it('k8s-networkpolicy: aerleon policy list and the Kubernetes docs example', async () => {
    const k8s = await importRulebase(
      'aerleon--TestRegressionDemo.testSmokeTest.sample_k8s.yml.ref',
      'k8s-networkpolicy',
    );
    // All policies select every pod (podSelector: {}) and add up. tcp/22 is allowed by test-ssh (11-16: from
    // ipBlock 200.1.1.3/32, port 22 TCP), test-multiple-protocols-tcp-sctp (66-71: 200.1.1.3/32, all TCP)
    // and test-internal (83-92: ipBlocks 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, all TCP and UDP);
    // default-deny (96-105) allows nothing.
    const rfc1918 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];
    expect(k8s.answer({ to: '10.244.1.5', port: 22 })).toEqual({
      admitted: [...rfc1918, '200.1.1.3/32'],
      conditional: [],
    });
    // udp/53: only test-internal (test-multiple-protocols, 45-54, is UDP 1024-65535).
    expect(k8s.answer({ to: '10.244.1.5', proto: 'udp', port: 53 })).toEqual({ admitted: rfc1918, conditional: [] });

    const docs = await importRulebase('website--networkpolicy.yaml', 'k8s-networkpolicy');
    // Asking through this policy's ruleset takes the destination to be a pod it selects (7-9 role=db), which
    // 10-11 (policyTypes Ingress) isolates for ingress; 13-27 its only ingress rule is TCP 6379 (25-27), so
    // port 80 to it is denied to everyone.
    expect(docs.answer({ to: '10.244.1.5', port: 80 })).toEqual({ admitted: [], conditional: [] });
  });
});

describe.skipIf(!corpusAvailable)('reachability by hand: VMware NSX', () => {
  it('vmware-nsxv-xml: aerleon NSX-V section', async () => {
    const nsx = await importRulebase(
      'aerleon--TestRegressionDemo.testSmokeTest.sample_nsxv.nsx.ref',
      'vmware-nsxv-xml',
    );
    // 7 <section name="sample_nsxv_filter">: every rule has <appliedTo> SecurityGroup securitygroupId
    // (e.g. 15-20), a group defined outside the export; 192-221 accept-ssh-requests (tcp 22 from RFC1918)
    // and 750-759 discard-default apply only to its members, and the DFW default rule is not exported.
    // So no source is admitted for sure and any source may be.
    const ssh = nsx.reach({ to: '10.1.1.1', port: 22 });
    expect({ admitted: ssh.admittedCidrs, conditional: ssh.conditionalCidrs }).toEqual({
      admitted: [],
      conditional: ['0.0.0.0/0'],
    });
    expect(ssh.conditional.find((c) => c.rule === null)).toMatchObject({ doubts: ['no default policy'] });
    // The same holds for IPv6 destinations.
    expect(nsx.answer({ to: '2001:db8::5', port: 22 })).toEqual({ admitted: [], conditional: ['::/0'] });
  });

  it('vmware-nsxt-json: aerleon NSX-T security policy', async () => {
    const nsx = await importRulebase(
      'aerleon--TestRegressionDemo.testSmokeTest.sample_nsxt.nsxt.ref',
      'vmware-nsxt-json',
    );
    // 727-735 the SecurityPolicy sample_nsxt_filter is scoped to /infra/domains/default/groups/securitygroupId
    // (not in the export); 266-300 accept-ssh-requests (TCP 22 from 10.0.0.0/8, 172.16.0.0/12,
    // 192.168.0.0/16) and 702-725 discard-default (DROP) only apply within that scope, and the default
    // Layer3 rule is not exported: any source may or may not reach SSH.
    const ssh = nsx.reach({ to: '10.1.1.1', port: 22 });
    expect({ admitted: ssh.admittedCidrs, conditional: ssh.conditionalCidrs }).toEqual({
      admitted: [],
      conditional: ['0.0.0.0/0'],
    });
    expect(ssh.conditional.find((c) => c.rule === null)).toMatchObject({ doubts: ['no default policy'] });
    expect(nsx.answer({ to: '2001:db8::5', port: 22 })).toEqual({ admitted: [], conditional: ['::/0'] });
  });
});

// What the sample's assessor recorded: two evidence notes and the reviews of three insecure items at
// different stages — Telnet to the POS lanes constrained and audit-ready (two features, rule links, tests
// with proof), the FTP drop box disabled (proven by the later scan and a closed ticket), and TLS 1.0 on
// the payment gateway still a draft with no approver. Every other item is left for the user to review.

export const ITEM = {
  telnet: 'telnet|23/tcp',
  ftp: 'ftp|21/tcp',
  tls10: 'tls-deprecated-protocols|443/tcp',
} as const;

export const WITNESSED_TESTS = {
  type: 'observation',
  title: 'Witnessed tests of the POS telnet controls (12 Nov 2026)',
  note: [
    'From back-office workstation 10.40.20.15: nmap -Pn -sT -p 23 10.40.10.21-24 reported all four lanes filtered;',
    'hsg14-asa-01 logged the denies (106023, BACKOFFICE_IN).',
    'On jump-01, the Coastline test account cpos-test offered its key without the one-time code and was refused:',
    '"Permission denied (keyboard-interactive)".',
    'Witnessed by M. Okafor (QSA) with D. Reyes (payments engineering).',
  ].join(' '),
  procedure: '1.2.6.b',
  sampleSet: 'POS lanes 1-4 (all of them); jump-01',
} as const;

export const INTERVIEW = {
  type: 'interview',
  title: 'Interview: store network lead and payments engineering lead',
  note: [
    'Roles: store network lead (B. Carvalho), payments engineering lead (D. Reyes).',
    'Topics: why Coastline POS Services still needs telnet to the lane terminals (no SSH before firmware 5.x);',
    'how vendor sessions are approved and logged; retirement of the FTP drop box (CHG0040112);',
    'TLS 1.0 kept for the legacy lane PIN pads and the plan to disable it (CHG0040125).',
  ].join(' '),
  procedure: '1.2.6.a',
} as const;

const QSA = 'M. Okafor (QSA)';

export interface ReviewLinks {
  /** ADMIN_IN: permit telnet from the jump hosts to the lanes. */
  permitTelnet: number;
  /** STORE_IN: deny telnet from the store VLAN. */
  denyTelnet: number;
  /** The host firewall's 443/tcp allow rules of pay-gw-01. */
  gatewayHttps: number[];
  /** The stored sshd_config excerpt of jump-01. */
  sshdSha256: string;
  /** The evidence reference of the witnessed tests. */
  witnessedRef: string;
}

export function telnetReview(l: ReviewLinks) {
  const proof = { kind: 'evidence', ref: l.witnessedRef } as const;
  return {
    disposition: 'constrain',
    justification:
      'The lane terminals’ vendor console is reachable only by telnet until Coastline ships SSH in firmware 5.x (vendor roadmap: Q3 2027). It is needed for remote fault-finding on lanes 1-4.',
    dependency: 'Coastline POS Services remote support of the BusyBox console on lanes 1-4',
    thirdParty: 'Coastline POS Services',
    owner: 'Store operations (B. Carvalho)',
    requester: 'B. Carvalho',
    approver: 'H. Lindqvist (CISO)',
    decisionDate: '2026-10-20',
    expiryDate: '2027-10-19',
    reviewCadenceDays: 180,
    status: 'approved',
    tickets: ['CHG0040107'],
    features: [
      {
        kind: 'network',
        title: 'Telnet reaches the lanes only from the admin jump hosts',
        description:
          'ADMIN_IN permits 23/tcp from JUMP-HOSTS (jump-01, jump-02) to POS-LANES; STORE_IN denies telnet from the store VLAN and logs it.',
        implementedBy: [
          { kind: 'rule', ruleId: l.permitTelnet },
          { kind: 'rule', ruleId: l.denyTelnet },
        ],
        tickets: ['CHG0040107'],
        tests: [
          {
            procedure: 'From back-office workstation 10.40.20.15: nmap -Pn -sT -p 23 10.40.10.21-24',
            expected: 'filtered or refused on all four lanes',
            actual: 'filtered on all four lanes; the denies are in the firewall log',
            result: 'pass',
            testedOn: '2026-11-12',
            tester: QSA,
            proof,
          },
        ],
      },
      {
        kind: 'authentication',
        title: 'Coastline POS Services signs in to jump-01 with named accounts and a one-time code',
        description:
          'sshd on jump-01 requires a key and a one-time code for group coastline-pos, allows no forwarding and forces the POS console command.',
        implementedBy: [
          {
            kind: 'file',
            sha256: l.sshdSha256,
            excerpt: 'Match Group coastline-pos\n    AuthenticationMethods publickey,keyboard-interactive:pam',
          },
        ],
        tests: [
          {
            procedure:
              'Sign in to jump-01 as the Coastline test account cpos-test with its key but without the one-time code',
            expected: 'refused',
            actual: 'Permission denied (keyboard-interactive)',
            result: 'pass',
            testedOn: '2026-11-12',
            tester: QSA,
            proof,
          },
        ],
      },
    ],
  };
}

export function ftpReview() {
  return {
    disposition: 'disable',
    justification: 'Settlement files now arrive by SFTP; the anonymous FTP drop box on bo-srv-01 is retired.',
    owner: 'Back-office IT (B. Carvalho)',
    requester: 'B. Carvalho',
    approver: 'H. Lindqvist (CISO)',
    decisionDate: '2026-10-19',
    status: 'approved',
    tickets: ['CHG0040112'],
  };
}

export function tlsDraft(l: ReviewLinks) {
  return {
    disposition: 'constrain',
    justification:
      'The PIN pads on lanes 1-4 negotiate only TLS 1.0 with the gateway (PCI DSS Appendix A2: POS POI terminals). Replacements are ordered for Q1 2027, when TLS 1.0 is switched off (CHG0040125).',
    dependency: 'PIN pads on lanes 1-4',
    owner: 'Payments engineering (D. Reyes)',
    requester: 'D. Reyes',
    expiryDate: '2027-03-31',
    reviewCadenceDays: 90,
    status: 'draft',
    tickets: ['CHG0040125'],
    features: [
      {
        kind: 'network',
        title: 'Only the four POS lanes reach the gateway on 443/tcp',
        implementedBy: l.gatewayHttps.map((ruleId) => ({ kind: 'rule', ruleId })),
      },
    ],
  };
}

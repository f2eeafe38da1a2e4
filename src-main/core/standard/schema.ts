// The insecure-services standard as data: the written criteria that say what "insecure" means, who
// decides, and the catalog of rules that recognise insecure services in observations. The shipped default
// lives in resources/standard/; each engagement keeps its own versioned copy that the user may edit.
import { z } from 'zod';

export const STANDARD_SCHEMA = 'portcullis.standard/1';

/** The states importers record (nmap's, plus 'listening' from host listings). */
export const ObservationState = z.enum([
  'open',
  'listening',
  'open|filtered',
  'filtered',
  'closed',
  'closed|filtered',
  'unfiltered',
]);

const Id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'an id of lower-case letters, digits, ".", "_" or "-" (at most 64)');

const Text = z.string().trim().min(1, 'must not be empty');

/** "23/tcp", "512-514/tcp", "161/udp", "*\/tcp" (any port of that protocol). */
export const PortSpec = z
  .string()
  .regex(/^(\*|\d{1,5}(-\d{1,5})?)\/(tcp|udp|sctp)$/, 'a port spec such as "23/tcp", "512-514/tcp" or "*/udp"');

/** A fact the observation must carry: key always; value (exact, case-insensitive) or pattern (regex). */
export const FactMatch = z
  .object({
    key: z.string().min(1),
    value: z.string().optional(),
    pattern: z.string().optional(),
  })
  .strict();
export type FactMatch = z.infer<typeof FactMatch>;

/**
 * One way a rule recognises a service. Every condition given must hold (AND); a rule matches when any of
 * its matchers does (OR). Regex patterns are case-insensitive.
 */
export const Matcher = z
  .object({
    /** Says in words what this matcher recognises (shown with the evidence). */
    label: z.string().optional(),
    ports: z.array(PortSpec).min(1).optional(),
    /** Service names as scanners report them (nmap names, lower case), compared case-insensitively. */
    services: z.array(z.string().min(1)).min(1).optional(),
    /** "none": the service is not inside TLS; "ssl": it is. Absent = either. */
    tunnel: z.enum(['none', 'ssl']).optional(),
    product: z.string().min(1, 'an empty pattern would match every product').optional(),
    version: z.string().min(1, 'an empty pattern would match every version').optional(),
    /** All must be present on the observation. */
    facts: z.array(FactMatch).min(1).optional(),
    /** None of these may be present (e.g. SNMP with only version 3 seen). */
    withoutFacts: z.array(FactMatch).min(1).optional(),
    /**
     * For port-only matchers: apply only when no scanner identified the service (no name, or nmap named it
     * from the port table alone), so that SSH found on 23/tcp is not called Telnet.
     */
    serviceUnidentified: z.boolean().optional(),
  })
  .strict()
  .refine((m) => m.ports ?? m.services ?? m.facts ?? m.product, {
    message: 'a matcher needs at least one of ports, services, facts or product',
  });
export type Matcher = z.infer<typeof Matcher>;

export const Criterion = z
  .object({
    id: Id,
    title: Text,
    description: Text,
  })
  .strict();
export type Criterion = z.infer<typeof Criterion>;

export const Reference = z
  .object({
    title: Text,
    url: z.string().optional(),
  })
  .strict();

export const StandardRule = z
  .object({
    id: Id,
    title: Text,
    /** Ids of the criteria that make it insecure. */
    criteria: z.array(Id).min(1),
    severity: z.enum(['high', 'medium', 'low']),
    rationale: Text,
    replacement: Text,
    /** Security features recommended when the service must stay (constrain + secure). */
    features: z.array(Text),
    references: z.array(Reference),
    match: z.array(Matcher).min(1),
    /** Shipped with the catalog, or added by the entity. */
    origin: z.enum(['catalog', 'entity']),
    applicable: z.boolean(),
    /** Why the rule does not apply to this entity; required when applicable is false. */
    notApplicableReason: z.string().nullable(),
  })
  .strict()
  .refine((r) => r.applicable || (r.notApplicableReason ?? '').trim() !== '', {
    message: 'a rule marked not applicable needs a reason',
    path: ['notApplicableReason'],
  });
export type StandardRule = z.infer<typeof StandardRule>;

export const DecisionAuthority = z
  .object({
    /** The role that decides what is insecure and approves exceptions (e.g. "CISO"). */
    role: Text,
    name: z.string().nullable(),
    approvedOn: z.iso.date().nullable(),
    note: z.string().nullable(),
  })
  .strict();
export type DecisionAuthority = z.infer<typeof DecisionAuthority>;

export const StandardDocument = z
  .object({
    schema: z.literal(STANDARD_SCHEMA),
    id: Id,
    title: Text,
    /** The publisher's version of this standard (the engagement numbers its own edits separately). */
    version: Text,
    scope: Text,
    /** Observation states that count as "in use". */
    inUseStates: z.array(ObservationState).min(1),
    decisionAuthority: DecisionAuthority,
    criteria: z.array(Criterion).min(1),
    rules: z.array(StandardRule),
  })
  .strict();
export type StandardDocument = z.infer<typeof StandardDocument>;

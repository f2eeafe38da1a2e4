// What the two AWS EC2 exports share: the recording wrapper some tools keep around the API answer, the
// device a VPC control is filed under, and the fields of an API answer that are transport, not rules.
import { field, has, isObject, str, type JsonObject } from './cloud-common';

/**
 * placebo (the boto3 record/playback library cloud-custodian uses) stores each answer as
 * {"status_code": 200, "data": {...the describe-* output...}}; the inner JSON is the CLI's JSON.
 */
export function unwrapAwsRecording(doc: unknown): { body: unknown; recorded: boolean; status: number | null } {
  if (isObject(doc) && has(doc, 'status_code') && isObject(field(doc, 'data'))) {
    const status = field(doc, 'status_code');
    return { body: field(doc, 'data'), recorded: true, status: typeof status === 'number' ? status : null };
  }
  return { body: doc, recorded: false, status: null };
}

/** Security groups and network ACLs belong to a VPC; without one, the account; without that, "aws". */
export function awsDevice(o: JsonObject): string {
  const vpc = str(o, 'VpcId');
  if (vpc) return vpc;
  const owner = str(o, 'OwnerId');
  return owner ? `aws account ${owner}` : 'aws';
}

/** Top-level fields of an EC2 API answer that are transport metadata (request id, HTTP headers), not rules. */
export const AWS_TRANSPORT_FIELDS = new Set(['ResponseMetadata']);

/** The Name tag of a resource, which the console shows as its name. */
export function nameTag(o: JsonObject): string | null {
  const tags = field(o, 'Tags');
  if (!Array.isArray(tags)) return null;
  for (const t of tags) if (isObject(t) && str(t, 'Key') === 'Name') return str(t, 'Value');
  return null;
}

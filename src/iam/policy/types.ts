/**
 * The request facts conditions and policy variables read: condition key
 * (lower-case, since keys are case-insensitive) → its values. A key that is
 * absent is absent from the map; an empty array is a present but empty set.
 */
export type ConditionValues = ReadonlyMap<string, readonly string[]>;

export type PolicyKind = 'identity' | 'resource' | 'trust' | 'session';

export type Effect = 'Allow' | 'Deny';

/** Who is asking. */
export interface RequestPrincipal {
  readonly type: 'root' | 'user' | 'role' | 'anonymous';
  /** arn:aws:iam::ACCOUNT:root | …:user/NAME | arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION; '' for anonymous. */
  readonly arn: string;
  /** 12-digit account id; '' for anonymous. */
  readonly account: string;
  /** For a role session: the role's own ARN (arn:aws:iam::ACCOUNT:role/ROLE), which resource policies may name. */
  readonly roleArn?: string;
  /** For trust policies: the service asking to assume (e.g. "ec2.amazonaws.com"). */
  readonly service?: string;
  /** For trust policies: the identity provider of a web identity ("accounts.google.com", an OIDC provider ARN). */
  readonly federated?: string;
  /** S3 canonical user id, which bucket policies may name as CanonicalUser. */
  readonly canonicalId?: string;
}

/** One request to authorize. */
export interface RequestContext {
  readonly principal: RequestPrincipal;
  /** "s3:GetObject" */
  readonly action: string;
  /** "arn:aws:s3:::bucket/key" */
  readonly resource: string;
  readonly conditions: ConditionValues;
}

/**
 * AWS's documented limits and the project's own naming rules, in one place, so that the profile
 * schema, the Terraform variable validations and the error messages all say the same thing.
 */
export const LIMITS = {
  /** EC2 / resource tagging: keys 1–128 characters, must not start with `aws:` (any case). */
  tagKeyMax: 128,
  /** EC2 / resource tagging: values 0–256 characters. */
  tagValueMax: 256,
  /** Characters SSM accepts in tags on managed instances (hybrid nodes). */
  ssmTagPattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u,
  ssmTagPatternText: "letters, digits, spaces and _ . : / = + - @",
  /** SSM document names: 3–128 of letters, digits, `_`, `-`, `.`. */
  documentName: /^[a-zA-Z0-9_.-]{3,128}$/,
  documentNameText: "3-128 characters of letters, digits, _ - .",
  /** IAM managed policy names. */
  policyName: /^[\w+=,.@-]{1,128}$/,
  policyNameText: "1-128 characters of letters, digits and _+=,.@-",
  /** IAM role names. */
  roleName: /^[\w+=,.@-]{1,64}$/,
  roleNameText: "1-64 characters of letters, digits and _+=,.@-",
  /** EC2 instance ids (8 or 17 hex digits). */
  instanceId: /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/,
  instanceIdText: "i- followed by 8 or 17 lowercase hex digits",
  /** A KMS key ARN (not an alias): arn:PARTITION:kms:REGION:ACCOUNT:key/ID. */
  kmsKeyArn: /^arn:aws(?:-[a-z]+)*:kms:[a-z]{2}(?:-[a-z]+)+-\d{1,2}:\d{12}:key\/[A-Za-z0-9-]{1,128}$/,
  kmsKeyArnText: "a key ARN such as arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  accountId: /^\d{12}$/,
  accountIdText: "12 digits",
  region: /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/,
  regionText: "an AWS region name such as us-east-1, us-gov-west-1 or cn-north-1",
  /** A profile name becomes a folder, a stack name and part of a policy name. */
  profileName: /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/,
  profileNameText: "1-64 characters of lowercase letters, digits and inner hyphens",
  /** A managed policy holds at most 6,144 characters, whitespace not counted. */
  managedPolicyChars: 6144,
  /** A service control policy holds at most 5,120 characters. */
  serviceControlPolicyChars: 5120,
  /** Where an Organizations policy attaches: the root, an OU or an account. */
  organizationTarget: /^(?:r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/,
  organizationTargetText: "a root id (r-...), an OU id (ou-...-...) or a 12-digit account id",
  /** An IAM role ARN. */
  roleArn: /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/,
  roleArnText: "a role ARN such as arn:aws:iam::111122223333:role/OrganizationAccountAccessRole",
  /** A principal a role trusts: an account root, a role or a user ARN (no wildcards: IAM refuses them in Principal). */
  trustedPrincipal: /^arn:aws[a-z-]*:iam::\d{12}:(?:root|role\/[\w+=,.@\/-]+|user\/[\w+=,.@\/-]+)$/,
  trustedPrincipalText: "an account root, role or user ARN such as arn:aws:iam::111122223333:role/PlatformRole",
  /** sts:ExternalId: 2-1224 characters of letters, digits and +=,.@:/- (STS's rule). */
  externalId: /^[\w+=,.@:\/-]+$/,
  externalIdMin: 2,
  externalIdMax: 1224,
  externalIdText: "2-1224 characters of letters, digits and _+=,.@:/-",
  /** A managed policy ARN. */
  managedPolicyArn: /^arn:aws[a-z-]*:iam::(?:\d{12}|aws):policy\/[\w+=,.@\/-]+$/,
  managedPolicyArnText: "a managed policy ARN such as arn:aws:iam::111122223333:policy/Boundary",
  /** A StackSet deployment target: an OU, or the root. */
  organizationalUnit: /^(?:r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/,
  organizationalUnitText: "an OU id (ou-...-...) or the root id (r-...)",
  /** An IAM principal ARN, wildcards allowed (as ArnNotLike reads it). */
  principalArnPattern: /^arn:(?:aws[a-z-]*|\*):(?:iam|sts)::(?:\d{12}|\*):[\w+=,.@*?/:-]+$/,
  principalArnPatternText: "an IAM or STS principal ARN pattern such as arn:aws:iam::*:role/TagAdministrator",
  /**
   * An assumed-role session ARN: aws:PrincipalArn is never one (for a role session it is the role's
   * ARN), so such a tag administrator pattern matches nobody (fact principal-arn-key).
   */
  assumedRoleArn: /:assumed-role\//,
  assumedRoleArnText:
    "a role session's aws:PrincipalArn is its role's ARN, never the assumed-role session ARN, so an assumed-role/... pattern matches nobody: write the role form, arn:PARTITION:iam::ACCOUNT:role/PATH/NAME (for example arn:aws:iam::*:role/TagAdministrator; for an IAM Identity Center permission set, arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_NAME_*)",
  /** IAM policy descriptions: at most 1,000 characters of tab, newline, return and U+0020–U+00FF. */
  descriptionMax: 1000,
  description: /^[\t\n\r\u0020-\u00ff]*$/,
  descriptionText: "tab, newline, carriage return and characters U+0020 to U+00FF (IAM's rule)",
} as const;

/** Document name prefixes only AWS may use: documents named so are AWS-owned (ARN without account). */
export const AWS_RESERVED_DOCUMENT_PREFIXES = ["aws", "amazon", "amzn"] as const;

/** AWS-owned session documents for port forwarding (Session Manager user guide, "Port forwarding"). */
export const PORT_FORWARDING_DOCUMENTS = ["AWS-StartPortForwardingSession", "AWS-StartPortForwardingSessionToRemoteHost"] as const;

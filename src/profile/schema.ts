import { z } from "zod";
import { LIMITS } from "./limits";
import { isKnownRegion, regionsOfPartitionOf } from "../model/regions";
import { partitionOfRegion } from "../model/partitions";

const unique = <T>(items: T[]) => new Set(items).size === items.length;
const uniqueList = <T extends z.ZodTypeAny>(item: T, what: string) => z.array(item).refine(unique, { message: `${what} must not repeat` });

/** Terraform holds every string in Unicode NFC; any other form would reach AWS changed. */
const isNfc = (s: string) => s === s.normalize("NFC");
const NFC_MESSAGE = "is not in Unicode normalization form C, and Terraform would change it: write it NFC-normalized";

/** AWS and Terraform count characters (code points), not the UTF-16 units zod's min/max count. */
const chars = (s: string) => [...s].length;

// The JSON Schema's minLength/maxLength count code points too; meta comes last, as refine drops it.
const tagKey = z
  .string()
  .refine(isNfc, NFC_MESSAGE)
  .refine((k) => chars(k) >= 1, "a tag key needs at least 1 character")
  .refine((k) => chars(k) <= LIMITS.tagKeyMax, `a tag key has at most ${LIMITS.tagKeyMax} characters`)
  .refine((k) => !k.toLowerCase().startsWith("aws:"), "tag keys starting with 'aws:' are reserved by AWS")
  .meta({ minLength: 1, maxLength: LIMITS.tagKeyMax });
const tagValue = z
  .string()
  .refine(isNfc, NFC_MESSAGE)
  .refine((v) => chars(v) <= LIMITS.tagValueMax, `a tag value has at most ${LIMITS.tagValueMax} characters`)
  .meta({ maxLength: LIMITS.tagValueMax });
const documentName = z.string().regex(LIMITS.documentName, `a document name is ${LIMITS.documentNameText}`);
const documents = uniqueList(documentName, "documents").min(1, "list at least one document");

export const TagSchema = z
  .strictObject({
    key: tagKey.describe("The opt-in tag key, e.g. CadoResponseSSMEnabled. Compared case-insensitively by IAM."),
    values: uniqueList(tagValue, "tag values")
      .min(1, "list at least one accepted tag value")
      .describe("Accepted values; the first is written by the opt-in tag resources."),
    match: z
      .enum(["exact", "ignoreCase"])
      .default("exact")
      .describe("exact: values compare case-sensitively (StringEquals); ignoreCase: StringEqualsIgnoreCase."),
  })
  .describe("The tag that opts a node in.");

export const ProfileSchema = z
  .strictObject({
    name: z.string().regex(LIMITS.profileName, `a profile name is ${LIMITS.profileNameText}`).describe("Module folder and stack name."),
    description: z
      .string()
      .max(LIMITS.descriptionMax, `a description has at most ${LIMITS.descriptionMax} characters`)
      .regex(LIMITS.description, `a description may hold ${LIMITS.descriptionText}`)
      .refine(isNfc, NFC_MESSAGE)
      .optional()
      .describe("Policy description."),
    tag: TagSchema,
    ec2Instances: z.boolean().default(true).describe("Grant access to opted-in EC2 instances."),
    hybridNodes: z.boolean().default(false).describe("Grant access to opted-in hybrid nodes (managed-instance/*)."),
    runCommand: z
      .union([z.literal(false), z.strictObject({ documents: documents.describe("Run Command documents allowed.") })])
      .describe("Run Command (ssm:SendCommand) documents, or false for none."),
    sessions: z
      .union([
        z.literal(false),
        z.strictObject({
          // May be left out with portForwarding: true (port forwarding only); the profile check says so otherwise.
          documents: uniqueList(documentName, "documents")
            .default([])
            .describe("Session documents allowed (e.g. SSM-SessionManagerRunShell); may be left out when portForwarding is true."),
          portForwarding: z
            .boolean()
            .default(false)
            .describe(
              "Also allow the port-forwarding session documents AWS-StartPortForwardingSession and AWS-StartPortForwardingSessionToRemoteHost.",
            ),
          dataChannel: z
            .enum(["sessions", "ownSessions"])
            .default("sessions")
            .describe(
              "Resource of ssmmessages:OpenDataChannel (a contested fact, see docs/IAM-FACTS.md): sessions (default) grants it on session/*, which works for every kind of principal; ownSessions on session/${aws:userid}-*, AWS's quickstart form, which a public report says did not match IAM Identity Center sessions.",
            ),
          kmsKeyArns: uniqueList(z.string().regex(LIMITS.kmsKeyArn, `a KMS key is ${LIMITS.kmsKeyArnText}`), "KMS keys")
            .default([])
            .describe("KMS keys that encrypt session data (Session Manager preferences): the principal gets kms:GenerateDataKey on them."),
        }),
      ])
      .default(false)
      .describe("Session Manager (ssm:StartSession) documents, or false for no sessions."),
    readActions: z
      .boolean()
      .default(true)
      .describe(
        "Grant the reads that take no resource ARN: ssm:DescribeInstanceInformation and ssm:GetCommandInvocation (the result of any command in the account whose id is known).",
      ),
    listCommandInvocations: z
      .boolean()
      .default(false)
      .describe(
        "Grant ssm:ListCommandInvocations on '*': with Details it returns the output of every command run in the account, by anyone, on any node.",
      ),
    protectTag: z.boolean().default(true).describe("Deny this principal adding, changing or removing the opt-in tag."),
    scope: z
      .strictObject({
        regions: uniqueList(z.string().regex(LIMITS.region, `a region is ${LIMITS.regionText}`), "regions")
          .min(1)
          .optional(),
        accounts: uniqueList(z.string().regex(LIMITS.accountId, `an account id is ${LIMITS.accountIdText}`), "accounts")
          .min(1)
          .optional(),
        unlistedRegions: uniqueList(z.string().regex(LIMITS.region, `a region is ${LIMITS.regionText}`), "unlisted regions")
          .optional()
          .describe(
            "Regions of scope.regions that AWS opened after scoped-ssm's region table: accepted although the table does not list them.",
          ),
      })
      .default({})
      .describe("Restrict ARNs to these regions and accounts (default: any)."),
  })
  .superRefine((p, ctx) => {
    for (const [i, region] of (p.scope.regions ?? []).entries())
      // A name that is not shaped like a region has its own message already.
      if (LIMITS.region.test(region) && !isKnownRegion(region) && !(p.scope.unlistedRegions ?? []).includes(region))
        ctx.addIssue({
          code: "custom",
          path: ["scope", "regions", i],
          message: `is not a region of partition ${partitionOfRegion(region)}; allowed: ${regionsOfPartitionOf(region).join(", ")}. If AWS opened it after scoped-ssm's region table, add it to scope.unlistedRegions as well`,
        });
    for (const [i, region] of (p.scope.unlistedRegions ?? []).entries())
      if (!(p.scope.regions ?? []).includes(region))
        ctx.addIssue({ code: "custom", path: ["scope", "unlistedRegions", i], message: "is not among scope.regions" });
    if (!p.ec2Instances && !p.hybridNodes)
      ctx.addIssue({ code: "custom", path: ["ec2Instances"], message: "no targets: enable ec2Instances or hybridNodes" });
    if (p.listCommandInvocations && !p.readActions)
      ctx.addIssue({ code: "custom", path: ["listCommandInvocations"], message: "needs readActions: true" });
    if (p.sessions !== false && p.sessions.documents.length === 0 && !p.sessions.portForwarding)
      ctx.addIssue({
        code: "custom",
        path: ["sessions", "documents"],
        message:
          "list at least one session document (e.g. SSM-SessionManagerRunShell), or set portForwarding: true for port forwarding only",
      });
    if (p.runCommand === false && p.sessions === false)
      ctx.addIssue({ code: "custom", path: ["runCommand"], message: "grants nothing: enable runCommand or sessions" });
    if (p.hybridNodes) {
      for (const [i, v] of [p.tag.key, ...p.tag.values].entries()) {
        if (!LIMITS.ssmTagPattern.test(v))
          ctx.addIssue({
            code: "custom",
            path: i === 0 ? ["tag", "key"] : ["tag", "values", i - 1],
            message: `hybrid nodes take tags of ${LIMITS.ssmTagPatternText} only`,
          });
      }
    }
  });

const s3Backend = z.strictObject({
  bucket: z.string().min(3).max(63),
  key: z.string().min(1),
  region: z.string().regex(LIMITS.region, `a region is ${LIMITS.regionText}`),
  /** S3-native state locking (Terraform >= 1.10). */
  useLockfile: z.boolean().default(true),
  dynamodbTable: z.string().min(3).optional(),
  encrypt: z.boolean().default(true),
});

/** The platform's role of a deployment, also the checks of ScopedSsmPlatformRole's values. */
export const RoleSchema = z.strictObject({
  name: z.string().regex(LIMITS.roleName, `a role name is ${LIMITS.roleNameText}`).optional(),
  trustedPrincipalArns: uniqueList(
    z.string().regex(LIMITS.trustedPrincipal, `a trusted principal is ${LIMITS.trustedPrincipalText}`),
    "trusted principals",
  ).min(1, "list at least one principal the role trusts"),
  externalId: z
    .string()
    .min(LIMITS.externalIdMin, `an external id is ${LIMITS.externalIdText}`)
    .max(LIMITS.externalIdMax, `an external id is ${LIMITS.externalIdText}`)
    .regex(LIMITS.externalId, `an external id is ${LIMITS.externalIdText}`),
  maxSessionDuration: z.number().int().min(3600).max(43200).default(3600),
  permissionsBoundaryArn: z.string().regex(LIMITS.managedPolicyArn, `a permissions boundary is ${LIMITS.managedPolicyArnText}`).optional(),
});

export const DeploymentSchema = z.strictObject({
  name: z.string().regex(LIMITS.profileName, `a deployment name is ${LIMITS.profileNameText}`),
  profile: z.string().min(1),
  region: z.string().regex(LIMITS.region, `a region is ${LIMITS.regionText}`),
  roleNames: uniqueList(z.string().regex(LIMITS.roleName, `a role name is ${LIMITS.roleNameText}`), "role names").default([]),
  optInInstanceIds: uniqueList(z.string().regex(LIMITS.instanceId, `an instance id is ${LIMITS.instanceIdText}`), "instance ids").default(
    [],
  ),
  policyName: z.string().regex(LIMITS.policyName, `a policy name is ${LIMITS.policyNameText}`).optional(),
  backend: z.strictObject({ s3: s3Backend }).optional(),
  assumeRoleArn: z
    .string()
    .regex(LIMITS.roleArn, `a role ARN is ${LIMITS.roleArnText}`)
    .optional()
    .describe("Deploy into another account: the AWS provider assumes this role (e.g. OrganizationAccountAccessRole)."),
  accountId: z
    .string()
    .regex(LIMITS.accountId, `an account id is ${LIMITS.accountIdText}`)
    .optional()
    .describe(
      "The account this deployment belongs in: the AWS provider's allowed_account_ids, so that credentials or an assumed role of any other account stop Terraform before it creates anything.",
    ),
  role: RoleSchema.optional().describe(
    "Create the platform's role, trusted by these principals only with the external id, with the policies attached.",
  ),
});

export const ConfigSchema = z
  .strictObject({
    $schema: z.string().optional(),
    profiles: z.array(ProfileSchema).min(1, "list at least one profile"),
    deployments: z.array(DeploymentSchema).default([]),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.profiles.forEach((p, i) => {
      if (seen.has(p.name)) ctx.addIssue({ code: "custom", path: ["profiles", i, "name"], message: `duplicate profile name` });
      seen.add(p.name);
    });
    const deployments = new Set<string>();
    c.deployments.forEach((d, i) => {
      if (!seen.has(d.profile))
        ctx.addIssue({
          code: "custom",
          path: ["deployments", i, "profile"],
          message: `no profile of that name (profiles: ${[...seen].join(", ")})`,
        });
      if (deployments.has(d.name) || seen.has(d.name))
        ctx.addIssue({
          code: "custom",
          path: ["deployments", i, "name"],
          message: "duplicate stack name (deployment and profile names share one namespace)",
        });
      deployments.add(d.name);
    });
  });

export type ProfileInput = z.input<typeof ProfileSchema>;
export type Profile = z.output<typeof ProfileSchema>;
export type Deployment = z.output<typeof DeploymentSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;
export type Config = z.output<typeof ConfigSchema>;

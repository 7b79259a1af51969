import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LocalBackend, S3Backend, TerraformOutput } from "cdktf";
import { tfOutput } from "../emit/terraform-json";
import type { Construct } from "constructs";
import type { z } from "zod";
import { generatedNotice } from "../model/generated";
import { DeploymentSchema, type ProfileInput } from "../profile/schema";
import { HclFromJsonStack } from "./private/hcl-stack";
import { parseInput, parseProfile } from "./private/inputs";
import { ScopedSsmOptIn } from "./opt-in";
import { ScopedSsmPlatformRole } from "./platform-role";
import { ScopedSsmPolicy } from "./scoped-policy";

const TargetSchema = DeploymentSchema.omit({ name: true, profile: true });

/** Where and to whom a profile is deployed: a `deployments` entry of scoped-ssm.json without its name and profile. */
export type DeploymentTarget = z.input<typeof TargetSchema>;

/** Properties of {@link ScopedSsmDeployStack}. */
export interface ScopedSsmDeployStackProps {
  /** The profile to deploy (validated; defaults applied). */
  readonly profile: ProfileInput;
  /** Region, roles, instances, policy name and S3 backend (validated as in scoped-ssm.json). */
  readonly deployment: DeploymentTarget;
  /**
   * Local state file when the deployment has no S3 backend, relative to the stack's working
   * directory (cdktf.out/stacks/<name>).
   * @default `terraform.<stack>.tfstate` in that directory
   */
  readonly localStatePath?: string;
}

/**
 * A deployable stack for `cdktf deploy`: the AWS provider for the deployment's region, the S3
 * backend (with state locking) or local state, and the module stack's constructs bound to the
 * deployment's roles, instances and policy name.
 */
export class ScopedSsmDeployStack extends HclFromJsonStack {
  readonly policy: ScopedSsmPolicy;
  readonly optIn: ScopedSsmOptIn;
  /** The platform's role, when the deployment asks for one. */
  readonly role?: ScopedSsmPlatformRole;
  private readonly header: string;

  constructor(scope: Construct, id: string, props: ScopedSsmDeployStackProps) {
    super(scope, id);
    const where = `ScopedSsmDeployStack ${id}`;
    const profile = parseProfile(props.profile, where);
    const d = parseInput(TargetSchema, props.deployment, where, "deployment");
    this.header = generatedNotice({
      from: `deployment "${id}" of profile "${profile.name}"`,
      via: "CDKTF",
      change: "the config",
      command: "npx cdktf synth --hcl",
    });

    // Another account's deployment: the provider assumes the given role there. A pinned account
    // makes the provider refuse any other before Terraform creates anything.
    new AwsProvider(this, "aws", {
      region: d.region,
      ...(d.assumeRoleArn ? { assumeRole: [{ roleArn: d.assumeRoleArn }] } : {}),
      ...(d.accountId ? { allowedAccountIds: [d.accountId] } : {}),
    });
    const s3 = d.backend?.s3;
    if (s3) {
      const backend = new S3Backend(this, {
        bucket: s3.bucket,
        key: s3.key,
        region: s3.region,
        encrypt: s3.encrypt,
        ...(s3.dynamodbTable ? { dynamodbTable: s3.dynamodbTable } : {}),
      });
      // S3-native locking (Terraform >= 1.10); cdktf 0.21's S3BackendConfig has no field for it.
      if (s3.useLockfile) backend.addOverride("use_lockfile", true);
    } else {
      new LocalBackend(this, { path: props.localStatePath ?? `terraform.${id}.tfstate` });
    }

    this.policy = new ScopedSsmPolicy(this, "policy", {
      profile,
      roleNames: d.roleNames,
      ...(d.policyName ? { policyName: d.policyName } : {}),
      moduleAddresses: true,
    });
    this.optIn = new ScopedSsmOptIn(this, "opt-in", { profile, instanceIds: d.optInInstanceIds, moduleAddresses: true });
    if (d.role)
      this.role = new ScopedSsmPlatformRole(this, "platform-role", {
        policies: this.policy,
        trustedPrincipalArns: d.role.trustedPrincipalArns,
        externalId: d.role.externalId,
        maxSessionDuration: d.role.maxSessionDuration,
        ...(d.role.name ? { roleName: d.role.name } : {}),
        ...(d.role.permissionsBoundaryArn ? { permissionsBoundaryArn: d.role.permissionsBoundaryArn } : {}),
        moduleAddresses: true,
      });
    // The module's outputs, but role_arn reads the role this stack created (or none).
    for (const o of this.policy.model.outputs.filter((x) => x.name !== "role_arn"))
      new TerraformOutput(this, `output-${o.name}`, { value: tfOutput(o.value), description: o.description }).overrideLogicalId(o.name);
    if (this.role)
      new TerraformOutput(this, "output-role_arn", {
        value: this.role.role.arn,
        description: "ARN of the platform's role.",
      }).overrideLogicalId("role_arn");
  }

  protected hclHeader(): string[] {
    return [this.header];
  }
}

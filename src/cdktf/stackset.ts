import { CloudformationStackSet } from "@cdktf/provider-aws/lib/cloudformation-stack-set";
import { CloudformationStackSetInstance } from "@cdktf/provider-aws/lib/cloudformation-stack-set-instance";
import { Lazy, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import { bindList, bindStr } from "../model/bind";
import { type Check, evalCheck } from "../model/checks";
import type { List, Str } from "../model/expr";
import { listVar, strVar } from "../model/expr";
import { ROLE_VAR } from "../model/role";
import { STACKSET_VAR, type StackSetModel, buildStackSet, stackSetParameters } from "../model/stackset";
import { VAR } from "../model/variables";
import { renderCloudFormation } from "../emit/cloudformation";
import { hclCheck, hclJsonText, hclParameterValue } from "../emit/hcl";
import { escapeTemplate, tfForEach, tfString } from "../emit/terraform-json";
import { InputError } from "../base/errors";
import type { ProfileInput } from "../profile/schema";
import { type BoolInput, type ListInput, type StringInput, bindingsOf, checkVariableInput } from "./private/inputs";
import { ProfileConstruct } from "./private/model-construct";

/** Module variables the StackSet passes to every account's stack, by prop name. */
const CARRIED = {
  policyName: VAR.policyName,
  roleNames: VAR.roleNames,
  createRole: ROLE_VAR.createRole,
  roleName: ROLE_VAR.roleName,
  trustedPrincipalArns: ROLE_VAR.trustedPrincipalArns,
  externalId: ROLE_VAR.externalId,
  maxSessionDuration: ROLE_VAR.maxSessionDuration,
  permissionsBoundaryArn: ROLE_VAR.permissionsBoundaryArn,
  tagKey: VAR.tagKey,
  tagValues: VAR.tagValues,
} as const;

/** Properties of {@link ScopedSsmStackSet}: each a value, or a TerraformVariable of the module variable's type. */
export interface ScopedSsmStackSetProps {
  /** The profile whose account policies every account gets (validated; defaults applied). */
  readonly profile: ProfileInput;
  /** OUs (or the root, `r-...`) whose accounts get a stack; one stack instance per OU. */
  readonly organizationalUnitIds: ListInput;
  /** Name of the StackSet. @default `scoped-ssm-<profile name>` */
  readonly stackSetName?: StringInput;
  /** `SELF` (the management account) or `DELEGATED_ADMIN` (a delegated administrator for StackSets). @default "SELF" */
  readonly callAs?: StringInput;
  /** Name of the managed policy in each account. @default `scoped-ssm-<profile name>` */
  readonly policyName?: StringInput;
  /** Roles, present in every target account, to attach the policies to. @default none */
  readonly roleNames?: ListInput;
  /** Also create the platform's role in every account. @default false */
  readonly createRole?: BoolInput;
  /** The created role's name. @default `scoped-ssm-<profile name>-platform` */
  readonly roleName?: StringInput;
  /** The platform's principals the created role trusts. @default none (required with createRole) */
  readonly trustedPrincipalArns?: ListInput;
  /** The external id the created role requires. @default "" (required with createRole) */
  readonly externalId?: StringInput;
  /** Maximum session duration of the created role, seconds. @default 3600 */
  readonly maxSessionDuration?: number | TerraformVariable;
  /** Permissions boundary of the created role. @default none */
  readonly permissionsBoundaryArn?: StringInput;
  /** Key of the opt-in tag. @default the profile's */
  readonly tagKey?: StringInput;
  /** Accepted values of the opt-in tag. @default the profile's */
  readonly tagValues?: ListInput;
  /** The generated StackSet module's addresses (`aws_cloudformation_stack_set.this`, ...). @default false */
  readonly moduleAddresses?: boolean;
}

/**
 * The account module's policies of a profile (and optionally the platform's role) in every account
 * of the given OUs: a service-managed CloudFormation StackSet whose template is rendered from the
 * model (as the generated `stackset/` module's template.json), one stack instance per OU, called as
 * `callAs`. The tag key, values, documents and role settings reach each stack as the template's
 * parameters.
 */
export class ScopedSsmStackSet extends ProfileConstruct<StackSetModel> {
  readonly stackSet: CloudformationStackSet;
  readonly instances: CloudformationStackSetInstance;

  constructor(scope: Construct, id: string, props: ScopedSsmStackSetProps) {
    super(scope, id, "ScopedSsmStackSet", props.profile, buildStackSet);
    const model = this.model;
    const given: Record<string, unknown> = {
      [STACKSET_VAR.organizationalUnitIds]: props.organizationalUnitIds,
      [STACKSET_VAR.stackSetName]: props.stackSetName,
      [STACKSET_VAR.callAs]: props.callAs,
      ...Object.fromEntries(Object.entries(CARRIED).map(([prop, name]) => [name, props[prop as keyof typeof CARRIED]])),
    };
    const field = (name: string) => Object.entries({ ...CARRIED, ...STACKSET_VAR }).find(([, n]) => n === name)?.[0] ?? name;
    for (const v of model.variables) checkVariableInput(model, v.name, given[v.name], this.where, field(v.name));
    const roleChecks = this.roleChecks(given, field);
    const bindings = bindingsOf(model, given as Record<string, StringInput | ListInput | undefined>);
    const named = <T extends { overrideLogicalId(id: string): void }>(x: T, address: string): T => {
      if (props.moduleAddresses) x.overrideLogicalId(address);
      return x;
    };

    const parameters = Object.fromEntries(
      stackSetParameters(model).map((p) => {
        const input = given[p.variable];
        const produce = (): string => {
          if (p.jsonOf) return `\${${hclJsonText(bindExpression(p.jsonOf, bindings()))}}`;
          if (input instanceof TerraformVariable) return `\${${hclParameterValue({ name: input.friendlyUniqueId, type: p.source.type })}}`;
          const value = input ?? p.source.default;
          return escapeTemplate(Array.isArray(value) ? value.join(",") : String(value));
        };
        return [p.name, Lazy.stringValue({ produce })];
      }),
    );
    const str = (name: string) => Lazy.stringValue({ produce: () => tfString(bindStr(strVar(name), bindings())) });
    this.stackSet = named(
      new CloudformationStackSet(this, "stack-set", {
        name: str(STACKSET_VAR.stackSetName),
        description: escapeTemplate(model.description),
        permissionModel: "SERVICE_MANAGED",
        capabilities: ["CAPABILITY_NAMED_IAM"],
        callAs: str(STACKSET_VAR.callAs),
        templateBody: escapeTemplate(renderCloudFormation(model)),
        parameters,
        autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
        lifecycle: {
          // Organizations manages the administration role of a service-managed StackSet.
          ignoreChanges: ["administration_role_arn"],
          ...(roleChecks.length ? { precondition: roleChecks } : {}),
        },
      }),
      "this",
    );
    this.instances = named(
      new CloudformationStackSetInstance(this, "instances", {
        stackSetName: this.stackSet.name,
        callAs: str(STACKSET_VAR.callAs),
        deploymentTargets: { organizationalUnitIds: ["${each.value}"] },
      }),
      "this",
    );
    this.instances.addOverride(
      "for_each",
      Lazy.stringValue({ produce: () => tfForEach(bindList(listVar(STACKSET_VAR.organizationalUnitIds), bindings())) }),
    );
  }

  /**
   * The role's rules (external id and principals when the role is created): checked now when
   * createRole, externalId and trustedPrincipalArns are values, else preconditions at plan time.
   */
  private roleChecks(given: Record<string, unknown>, field: (name: string) => string) {
    const names = [ROLE_VAR.createRole, ROLE_VAR.externalId, ROLE_VAR.trustedPrincipalArns];
    const variables = names.filter((n) => given[n] instanceof TerraformVariable);
    if (variables.length === 0) {
      const values = Object.fromEntries(
        this.model.variables.map((v) => [v.name, (given[v.name] ?? v.default) as Parameters<typeof evalCheck>[1][string]]),
      );
      if (!values[ROLE_VAR.createRole]) return [];
      const failed = this.model.account.role.checks.filter((r) => !evalCheck(r.check, values));
      if (failed.length)
        throw new InputError(failed.map((r) => ({ file: this.where, path: field(ROLE_VAR.createRole), message: r.message })));
      return [];
    }
    if (variables.length < names.length)
      throw new InputError([
        {
          file: this.where,
          path: names.map(field).join(", "),
          message: "are all values or all TerraformVariables (the role's rules are then checked at plan time)",
        },
      ]);
    const rename = (n: string) => (given[n] as TerraformVariable).friendlyUniqueId;
    return this.model.account.role.checks.map((r) => ({
      condition: Lazy.stringValue({ produce: () => `\${!var.${rename(ROLE_VAR.createRole)} || ${hclCheck(renamed(r.check, rename))}}` }),
      errorMessage: escapeTemplate(r.message),
    }));
  }
}

/** The check over the given variables' Terraform names. */
function renamed(c: Check, rename: (name: string) => string): Check {
  const out: Record<string, unknown> = { ...c };
  for (const k of ["list", "str", "num"]) if (typeof out[k] === "string") out[k] = rename(out[k] as string);
  if ("check" in c) out.check = renamed(c.check, rename);
  if ("checks" in c) out.checks = c.checks.map((x) => renamed(x, rename));
  return out as Check;
}

const isList = (e: Str | List): e is List => ["list", "listVar", "map", "concat"].includes(e.kind);
const bindExpression = (e: Str | List, b: Parameters<typeof bindStr>[1]): Str | List => (isList(e) ? bindList(e, b) : bindStr(e, b));

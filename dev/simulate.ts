/**
 * IAM simulation for tests and development scripts. @cloud-copilot/iam-simulate is AGPL-3.0: this
 * file lives outside src/ and is never loaded by users' stacks or the CLI.
 */
import { runSimulation, runUnsafeSimulation } from "@cloud-copilot/iam-simulate";

export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

export interface AccessRequest {
  action: string;
  resource: string;
  /** Tags on the resource; given to the simulator as both ssm:resourceTag/K and aws:ResourceTag/K. */
  resourceTags?: Record<string, string>;
  /** Other request context (aws:TagKeys, aws:userid, ...). */
  context?: Record<string, string | string[]>;
  /** The calling principal's account (default PRINCIPAL_ACCOUNT). */
  principalAccount?: string;
  /**
   * The resource's owner grants the principal access (a shared document): a request for a resource
   * in another account is then decided by the identity policies alone, instead of being refused
   * for want of a resource policy.
   */
  sharedByOwner?: boolean;
  /** The calling principal (default a role of the principal account). */
  principalArn?: string;
}

/** Service control policies in force for the principal's account, root first (FullAWSAccess is not implied). */
export interface SimulateOptions {
  serviceControlPolicies?: object[];
}

/** The simulator would not decide the request (say, an action its service data gives no resource type). */
export class SimulationRefused extends Error {}

export const PRINCIPAL_ACCOUNT = "111122223333";
export const PRINCIPAL_USERID = "AROAEXAMPLEID:platform-session";

const principalArnOf = (r: AccessRequest) => r.principalArn ?? `arn:aws:iam::${r.principalAccount ?? PRINCIPAL_ACCOUNT}:role/platform`;

function contextFor(r: AccessRequest): Record<string, string | string[]> {
  const owner = accountOf(r.resource);
  const ctx: Record<string, string | string[]> = {
    "aws:PrincipalAccount": r.principalAccount ?? PRINCIPAL_ACCOUNT,
    "aws:PrincipalArn": principalArnOf(r),
    "aws:userid": PRINCIPAL_USERID,
    // The request context of a direct call, as IAM documents it; the simulator fills in neither key.
    "aws:ViaAWSService": "false",
    ...(owner ? { "aws:ResourceAccount": owner } : {}),
  };
  for (const [k, v] of Object.entries(r.resourceTags ?? {})) {
    ctx[`ssm:resourceTag/${k}`] = requestDollars(v);
    ctx[`aws:ResourceTag/${k}`] = requestDollars(v);
  }
  const tagKeys = r.context?.["aws:TagKeys"];
  return { ...ctx, ...r.context, ...(tagKeys ? { "aws:TagKeys": [tagKeys].flat().map(requestDollars) } : {}) };
}

/**
 * IAM reads ${$} in a condition value as a literal "$" (fact literal-dollar). The simulator does
 * so only for pattern operators (StringLike, ArnLike) and keeps the token for exact ones such as
 * StringEquals: it cannot model the documented reading. So that the property tests can still check
 * tag values holding "$", exact operators get a literal dollar (${$}, or a "$" that starts no
 * variable) and every "$" in the request's tag keys and values mapped to one private-use character;
 * real variables such as ${aws:userid} still resolve. Access-report rows whose tag holds a "$" are
 * marked as resting on that fact. Nothing else of the policy is changed: in particular no ARN is
 * rewritten, since IAM resolves no variable before an ARN's fifth colon.
 */
const DOLLAR = "\uE000";
const literalDollars = (v: unknown) => (typeof v === "string" ? v.replace(/\$\{\$\}/g, DOLLAR).replace(/\$(?!\{)/g, DOLLAR) : v);
const requestDollars = (v: string) => v.replace(/\$/g, DOLLAR);

function withLiteralDollars(policy: any): any {
  const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  return {
    ...policy,
    Statement: statements.map((s: any) => (s.Condition ? { ...s, Condition: conditionWithLiteralDollars(s.Condition) } : s)),
  };
}

function conditionWithLiteralDollars(condition: Record<string, Record<string, unknown>>) {
  return Object.fromEntries(
    Object.entries(condition).map(([op, keys]) => [
      op,
      /Like/.test(op)
        ? keys
        : Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, Array.isArray(v) ? v.map(literalDollars) : literalDollars(v)])),
    ]),
  );
}

/** The account a resource ARN names ("" for AWS-owned documents). */
const accountOf = (arn: string) => arn.split(":")[4] ?? "";

/**
 * Decides one request against identity policies. The validated path refuses AWS-owned document ARNs
 * (empty account), so those go through the unsafe path.
 */
export async function simulate(policies: object[], r: AccessRequest, options: SimulateOptions = {}): Promise<Decision> {
  const account = accountOf(r.resource);
  const principalAccount = r.principalAccount ?? PRINCIPAL_ACCOUNT;
  const simulation = {
    identityPolicies: policies.map((policy, i) => ({ name: `policy${i}`, policy: withLiteralDollars(policy) })),
    serviceControlPolicies: options.serviceControlPolicies
      ? [{ orgIdentifier: "r-root", policies: options.serviceControlPolicies.map((policy, i) => ({ name: `scp${i}`, policy })) }]
      : [],
    resourceControlPolicies: [],
    request: {
      action: r.action,
      principal: principalArnOf(r),
      resource: { resource: r.resource, accountId: r.sharedByOwner || !account ? principalAccount : account },
      contextVariables: contextFor(r),
    },
  } as any;
  if (account === "" && r.resource !== "*") return runUnsafeSimulation(simulation, {}) as Decision;
  const response = await runSimulation(simulation, {});
  if (response.resultType === "error")
    throw new SimulationRefused(`simulation refused ${r.action} on ${r.resource}: ${JSON.stringify(response.errors)}`);
  return response.overallResult as Decision;
}

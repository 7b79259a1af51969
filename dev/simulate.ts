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
}

export const PRINCIPAL_ACCOUNT = "111122223333";
export const PRINCIPAL_USERID = "AROAEXAMPLEID:platform-session";

function contextFor(r: AccessRequest): Record<string, string | string[]> {
  const ctx: Record<string, string | string[]> = {
    "aws:PrincipalAccount": r.principalAccount ?? PRINCIPAL_ACCOUNT,
    "aws:userid": PRINCIPAL_USERID,
  };
  for (const [k, v] of Object.entries(r.resourceTags ?? {})) {
    ctx[`ssm:resourceTag/${k}`] = requestDollars(v);
    ctx[`aws:ResourceTag/${k}`] = requestDollars(v);
  }
  const tagKeys = r.context?.["aws:TagKeys"];
  return { ...ctx, ...r.context, ...(tagKeys ? { "aws:TagKeys": [tagKeys].flat().map(requestDollars) } : {}) };
}

/**
 * IAM replaces policy variables in Resource before matching; the simulator does not do so in an
 * ARN's account field, so ${aws:PrincipalAccount} is replaced here, exactly as IAM would.
 */
function resolveAsIamDoes(policy: any, principalAccount: string): any {
  const resolve = (r: unknown) => (typeof r === "string" ? r.split("${aws:PrincipalAccount}").join(principalAccount) : r);
  const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  return {
    ...policy,
    Statement: statements.map((s: any) => {
      const out = { ...s };
      if (s.Resource !== undefined) out.Resource = Array.isArray(s.Resource) ? s.Resource.map(resolve) : resolve(s.Resource);
      if (s.Condition) out.Condition = resolveSpecialCharacters(s.Condition);
      return out;
    }),
  };
}

/**
 * IAM reads ${$} in a condition value as a literal "$". The simulator replaces it only for pattern
 * operators (StringLike, ArnLike) and keeps the token for exact ones such as StringEquals. So, for
 * exact operators, a literal dollar (${$}, or a "$" that starts no variable) and every "$" in the
 * request's tag keys and values are both mapped to one private-use character: the simulator then
 * compares literally, as IAM does, while real variables such as ${aws:userid} still resolve.
 */
const DOLLAR = "\uE000";
const literalDollars = (v: unknown) =>
  typeof v === "string" ? v.replace(/\$\{\$\}/g, DOLLAR).replace(/\$(?!\{)/g, DOLLAR) : v;
const requestDollars = (v: string) => v.replace(/\$/g, DOLLAR);

function resolveSpecialCharacters(condition: Record<string, Record<string, unknown>>) {
  return Object.fromEntries(
    Object.entries(condition).map(([op, keys]) => [
      op,
      /Like/.test(op)
        ? keys
        : Object.fromEntries(
            Object.entries(keys).map(([k, v]) => [k, Array.isArray(v) ? v.map(literalDollars) : literalDollars(v)]),
          ),
    ]),
  );
}

/** The account a resource ARN names ("" for AWS-owned documents). */
const accountOf = (arn: string) => arn.split(":")[4] ?? "";

/**
 * Decides one request against identity policies. The validated path refuses AWS-owned document ARNs
 * (empty account), so those go through the unsafe path.
 */
export async function simulate(policies: object[], r: AccessRequest): Promise<Decision> {
  const account = accountOf(r.resource);
  const principalAccount = r.principalAccount ?? PRINCIPAL_ACCOUNT;
  const simulation = {
    identityPolicies: policies.map((policy, i) => ({ name: `policy${i}`, policy: resolveAsIamDoes(policy, principalAccount) })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    request: {
      action: r.action,
      principal: `arn:aws:iam::${principalAccount}:role/platform`,
      resource: { resource: r.resource, accountId: r.sharedByOwner || !account ? principalAccount : account },
      contextVariables: contextFor(r),
    },
  } as any;
  if (account === "" && r.resource !== "*") return runUnsafeSimulation(simulation, {}) as Decision;
  const response = await runSimulation(simulation, {});
  if (response.resultType === "error") throw new Error(`simulation refused ${r.action} on ${r.resource}: ${JSON.stringify(response.errors)}`);
  return response.overallResult as Decision;
}

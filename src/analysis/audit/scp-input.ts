/**
 * Reads an organisation policy (SCP or RCP) as a user hands it over: the policy document itself, or
 * the output of `aws organizations describe-policy` (its Content is the document as JSON text).
 * Anything else is an InputError that names the file and the field.
 */
import { isObject } from "../../base/json";
import { InputError } from "../../base/errors";
import { looksLikePolicy, readPolicy } from "../policy-input";
import type { ScpPolicy } from "./scp";

export type OrganizationPolicyType = "SERVICE_CONTROL_POLICY" | "RESOURCE_CONTROL_POLICY";

const TYPE_NAME: Record<OrganizationPolicyType, string> = {
  SERVICE_CONTROL_POLICY: "service control policy",
  RESOURCE_CONTROL_POLICY: "resource control policy",
};

/** One policy: a document, or describe-policy output of the expected type; `name` when the caller knows it (iam-collect). */
export function readOrganizationPolicy(
  raw: unknown,
  file: string,
  type: OrganizationPolicyType = "SERVICE_CONTROL_POLICY",
  name = file,
): ScpPolicy {
  const fail = (path: string, message: string, value?: unknown): never => {
    throw new InputError([{ file, path, message, value }]);
  };
  if (looksLikePolicy(raw)) return { name, doc: readPolicy(raw, file) };
  if (!isObject(raw) || !isObject(raw.Policy))
    return fail(
      "",
      `is not a ${TYPE_NAME[type]}: expected a policy document (an object with Statement) or the output of \`aws organizations describe-policy\` (an object with Policy.Content)`,
    );
  const policy = raw.Policy as Record<string, unknown>;
  const summary = isObject(policy.PolicySummary) ? policy.PolicySummary : {};
  if (summary.Type !== undefined && summary.Type !== type)
    fail("Policy.PolicySummary.Type", `must be ${type} (a ${TYPE_NAME[type]})`, summary.Type);
  if (typeof policy.Content !== "string") return fail("Policy.Content", "must be the policy document as JSON text", policy.Content);
  let doc: unknown;
  try {
    doc = JSON.parse(policy.Content);
  } catch {
    return fail("Policy.Content", "is not JSON: it must be the policy document as JSON text");
  }
  const label = typeof summary.Name === "string" ? `${summary.Name}${typeof summary.Id === "string" ? ` (${summary.Id})` : ""}` : name;
  return { name: label, doc: readPolicy(doc, file, "Policy.Content") };
}

import type { Statement } from "../../model/policy";
import { type Bindings, bindList } from "../../model/bind";
import { conditionsJson, escapeTemplate, tfList } from "../../emit/terraform-json";

/**
 * A statement of the model as Terraform JSON, its variables bound: literal ARNs for values,
 * references for Terraform variables. IAM's Condition element groups keys under their operator:
 * { StringEquals: { key: values } }.
 */
export function statementJson(s: Statement, b: Bindings): Record<string, unknown> {
  const out: Record<string, unknown> = {
    Sid: escapeTemplate(s.sid),
    Effect: s.effect,
    Action: s.actions.map(escapeTemplate),
    Resource: tfList(bindList(s.resources, b)),
  };
  if (s.conditions.length > 0) out.Condition = conditionsJson(s.conditions, b);
  return out;
}

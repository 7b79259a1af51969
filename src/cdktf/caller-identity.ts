import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";

const ID = "scoped-ssm-caller-identity";

/**
 * The stack's `data "aws_caller_identity" "current"`, created once per stack: own documents' ARNs
 * read `data.aws_caller_identity.current.account_id`, the account the stack is applied in.
 */
export function callerIdentityOf(scope: Construct): DataAwsCallerIdentity {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(ID);
  if (existing) return existing as DataAwsCallerIdentity;
  const identity = new DataAwsCallerIdentity(stack, ID);
  identity.overrideLogicalId("current");
  return identity;
}

import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import type { Construct } from "constructs";
import { oncePerStack } from "./private/partition";

/**
 * The stack's `data "aws_caller_identity" "current"`: own documents' ARNs read
 * `data.aws_caller_identity.current.account_id`, the account the stack is applied in.
 */
export const callerIdentityOf = (scope: Construct): DataAwsCallerIdentity =>
  oncePerStack(scope, "scoped-ssm-caller-identity", (stack, id) => new DataAwsCallerIdentity(stack, id));

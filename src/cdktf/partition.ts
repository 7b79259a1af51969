import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";

const ID = "scoped-ssm-partition";

/**
 * The stack's `data "aws_partition" "current"`, created once per stack: the model's ARNs read
 * `data.aws_partition.current.partition` (never a literal partition), so every scoped-ssm construct
 * in a stack shares this one data source.
 */
export function partitionOf(scope: Construct): DataAwsPartition {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(ID);
  if (existing) return existing as DataAwsPartition;
  const partition = new DataAwsPartition(stack, ID);
  partition.overrideLogicalId("current");
  return partition;
}

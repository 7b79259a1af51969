import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";

/**
 * A data source created once per stack under a fixed id, with the logical id `current` that the
 * model's references (`data.<type>.current.<attr>`) name: every scoped-ssm construct in a stack
 * shares it.
 */
export function oncePerStack<T extends Construct & { overrideLogicalId(id: string): void }>(
  scope: Construct,
  id: string,
  create: (stack: TerraformStack, id: string) => T,
): T {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(id);
  if (existing) return existing as T;
  const created = create(stack, id);
  created.overrideLogicalId("current");
  return created;
}

/**
 * The stack's `data "aws_partition" "current"`: the model's ARNs read
 * `data.aws_partition.current.partition` (never a literal partition).
 */
export const partitionOf = (scope: Construct): DataAwsPartition =>
  oncePerStack(scope, "scoped-ssm-partition", (stack, id) => new DataAwsPartition(stack, id));

import { literalPartition } from "../../glob";
import type { RawFinding, RuleFamily } from "../types";

/**
 * ARNs that name their partition. A note, not an error: a policy deployed to one partition may name
 * it, but one published for everyone (like the seed's) matches nothing in GovCloud or China. In a
 * Terraform plan every ARN shows its partition resolved, literal or from data.aws_partition alike,
 * so plans are not checked.
 */
export const partitionRules: RuleFamily = {
  rules: [
    {
      id: "hard-coded-partition",
      severity: "note",
      summary: "An ARN names its partition (arn:aws:...).",
      help: "Such a policy matches nothing in the aws-us-gov or aws-cn partitions. In Terraform, build ARNs from data.aws_partition; elsewhere, keep one copy of the policy per partition.",
    },
  ],
  check({ source, facts }) {
    if (source.kind === "plan") return [];
    // One note per document: the fix is the same for every ARN.
    const statements = facts.map((f) => f.statement).filter((s) => (s.resource ?? s.notResource ?? []).some((r) => literalPartition(r)));
    if (!statements.length) return [];
    const arns = statements.flatMap((s) => (s.resource ?? s.notResource ?? []).filter((r) => literalPartition(r)));
    const partitions = [...new Set(arns.map((r) => literalPartition(r)))];
    const finding: RawFinding = {
      ruleId: "hard-coded-partition",
      statement: statements[0],
      at: arns[0],
      message: `${arns.length} ARN${arns.length > 1 ? "s" : ""} in ${statements.length} statement${statements.length > 1 ? "s" : ""} name${arns.length > 1 ? "" : "s"} the partition ${partitions.join(", ")}: in any other partition (aws-us-gov, aws-cn) ${statements.length > 1 ? "they match" : "it matches"} nothing.`,
      fix: 'In Terraform, write "arn:${data.aws_partition.current.partition}:..." (scoped-ssm generate does); for a JSON policy, keep one per partition.',
    };
    return [finding];
  },
};

/**
 * Which partition a region belongs to, by its name: every region belongs to exactly one, and an
 * ARN naming a region of another partition matches nothing there (facts: regions-belong-to-a-partition).
 */
const PREFIXES: readonly [prefix: string, partition: string][] = [
  ["us-gov-", "aws-us-gov"],
  ["cn-", "aws-cn"],
  ["us-isob-", "aws-iso-b"],
  ["us-isof-", "aws-iso-f"],
  ["eu-isoe-", "aws-iso-e"],
  ["us-iso-", "aws-iso"],
  ["eusc-", "aws-eusc"],
];

export function partitionOfRegion(region: string): string {
  return PREFIXES.find(([prefix]) => region.startsWith(prefix))?.[1] ?? "aws";
}

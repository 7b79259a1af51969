/**
 * cdktf-deploy.test.ts's roots, planned in the run's shared plan (support/shared-plan.ts): two
 * deploy stacks of the test config as synthesised, one from the JSON synthesis (S3 backend,
 * GovCloud), one from the HCL synthesis (local state, hostile strings), each with only a Terraform
 * override file beside it that gives its provider fake keys and swaps its backend for local state.
 */
import { stackDir, writeOfflineOverride } from "../support/cdktf";
import type { PlanParts } from "../support/shared-plan";
import { synthesisedTestConfig } from "./cdktf-agreement";

export const DEPLOY_STACKS = [
  ["scoped-gov", false, "aws-us-gov"],
  ["hostile-local", true, "aws"],
] as const;

/** The part's name of a deploy stack. */
export const deployPart = (stack: string) => `deploy_${stack.replace(/-/g, "_")}`;

export function deployParts(): PlanParts {
  const { jsonOut, hclOut } = synthesisedTestConfig();
  return Object.fromEntries(
    DEPLOY_STACKS.map(([stack, hcl]) => {
      const dir = stackDir(hcl ? hclOut : jsonOut, stack);
      writeOfflineOverride(dir);
      return [deployPart(stack), { dir, ownProvider: true }];
    }),
  );
}

import { lintSource } from "../../src/analysis/lint/lint";
import { readPolicy } from "../../src/analysis/policy-input";

/** Lints a policy document given as a value. */
export const lintPolicy = (policy: unknown, file = "policy.json") =>
  lintSource({ file, kind: "policy", doc: readPolicy(policy, file), lineOf: () => undefined });

import type { Rule } from "./checks";

/** Names of the module's inputs that the policy and the tag resources read. */
export const VAR = {
  policyName: "policy_name",
  roleNames: "role_names",
  optInInstanceIds: "opt_in_instance_ids",
  tags: "tags",
  tagKey: "tag_key",
  tagValues: "tag_values",
  runCommandDocuments: "run_command_documents",
  sessionDocuments: "session_documents",
} as const;

/** One input of a generated module, with its Terraform-side checks. */
export interface ModuleVariable {
  name: string;
  type: "string" | "list(string)" | "map(string)" | "bool" | "number";
  description: string;
  /** No default: the caller must set it. */
  default?: string | string[] | Record<string, string> | boolean | number;
  /** Terraform-side checks that mirror the profile validation. */
  validations: Rule[];
}

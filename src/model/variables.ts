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

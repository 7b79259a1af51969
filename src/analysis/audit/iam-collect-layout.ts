/**
 * The folder layout --iam-collect reads (iam-collect.ts), named in the audit's help: a file of its
 * own so that the help, which every command builds, loads none of the audit.
 */
export const IAM_COLLECT_LAYOUT =
  "iam-collect's file storage: DIR/aws/<partition>/accounts/<account-id>/iam/... and DIR/aws/<partition>/organizations/<org-id>/{metadata,accounts,ous}.json with scps/ and rcps/";

import type { ProfileInput } from "./schema";

/**
 * The vendor profile from the seed page, corrected: the tag and the two Run Command documents are
 * the vendor's; the session document is the one Session Manager uses by default.
 */
export const DEFAULT_PROFILE: ProfileInput = {
  name: "cado-response",
  description: "Cado Response: SSM Run Command and sessions on instances tagged CadoResponseSSMEnabled=True",
  tag: { key: "CadoResponseSSMEnabled", values: ["True"] },
  runCommand: { documents: ["AWS-RunShellScript", "AWS-RunPowerShellScript"] },
  sessions: { documents: ["SSM-SessionManagerRunShell"] },
};

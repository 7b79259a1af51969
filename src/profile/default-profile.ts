import type { Config, ProfileInput } from "./schema";

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

/**
 * The config of DEFAULT_PROFILE as ConfigSchema parses it, every default filled in: what the CLI
 * uses when given no config, without loading zod and building its schemas at start (a third of
 * the start-up). A test holds it equal to the schema's result, key order included. A fresh copy
 * each call, as a parse returns.
 */
export const defaultConfig = (): Config => ({
  profiles: [
    {
      name: "cado-response",
      description: "Cado Response: SSM Run Command and sessions on instances tagged CadoResponseSSMEnabled=True",
      tag: { key: "CadoResponseSSMEnabled", values: ["True"], match: "exact" },
      ec2Instances: true,
      hybridNodes: false,
      runCommand: { documents: ["AWS-RunShellScript", "AWS-RunPowerShellScript"] },
      sessions: { documents: ["SSM-SessionManagerRunShell"], portForwarding: false, dataChannel: "sessions", kmsKeyArns: [] },
      readActions: true,
      listCommandInvocations: false,
      protectTag: true,
      scope: {},
    },
  ],
  deployments: [],
});

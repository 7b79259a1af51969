/**
 * Which well-known SSM documents are Session documents and which are Run Command (Command)
 * documents. The service reference cannot tell: it has one `document` resource type for every
 * document type, because the type is a property of the document, not of its ARN. Yet
 * ssm:StartSession is authorised against a *session* document (the one the request names, else
 * SSM-SessionManagerRunShell) and ssm:SendCommand against a *command* document, so granting
 * StartSession on AWS-RunShellScript grants nothing. These names come from the Systems Manager
 * documentation (AWS-owned documents, and the Session Manager preferences document each account
 * gets); a name in neither list is unknown and not judged.
 */
export const SESSION_DOCUMENTS = [
  // Created in each account by Session Manager; used when a StartSession request names no document.
  "SSM-SessionManagerRunShell",
  "AWS-StartPortForwardingSession",
  "AWS-StartPortForwardingSessionToRemoteHost",
  "AWS-StartPortForwardingSessionToSocket",
  "AWS-StartSSHSession",
  "AWS-StartInteractiveCommand",
  "AWS-StartNonInteractiveCommand",
  "AWS-PasswordReset",
  "AmazonECS-ExecuteInteractiveCommand",
] as const;

export const RUN_COMMAND_DOCUMENTS = [
  "AWS-RunShellScript",
  "AWS-RunPowerShellScript",
  "AWS-RunRemoteScript",
  "AWS-RunDocument",
  "AWS-RunPatchBaseline",
  "AWS-ApplyPatchBaseline",
  "AWS-RunPatchBaselineAssociation",
  "AWS-RunPatchBaselineWithHooks",
  "AWS-ConfigureAWSPackage",
  "AWS-UpdateSSMAgent",
  "AWS-UpdateEC2Config",
  "AWS-InstallApplication",
  "AWS-InstallPowerShellModule",
  "AWS-RunAnsiblePlaybook",
  "AWS-ApplyAnsiblePlaybooks",
  "AWS-RunSaltState",
  "AWS-RunInspecChecks",
  "AWS-ConfigureDocker",
  "AWS-ConfigureCloudWatch",
  "AWS-JoinDirectoryServiceDomain",
  "AWS-FindWindowsUpdates",
  "AWS-InstallWindowsUpdates",
  "AWS-InstallMissingWindowsUpdates",
  "AWS-ListWindowsInventory",
  "AWS-GatherSoftwareInventory",
  "AWS-RefreshAssociation",
  "AWS-ConfigureWindowsUpdate",
] as const;

export type DocumentKind = "session" | "command" | "unknown";

const bySsmName = new Map<string, DocumentKind>([
  ...SESSION_DOCUMENTS.map((d): [string, DocumentKind] => [d.toLowerCase(), "session"]),
  ...RUN_COMMAND_DOCUMENTS.map((d): [string, DocumentKind] => [d.toLowerCase(), "command"]),
]);

/** SSM document names are case-sensitive, but no two well-known ones differ only in case. */
export const documentKind = (name: string): DocumentKind => bySsmName.get(name.toLowerCase()) ?? "unknown";

/** The document name of a document ARN pattern (`arn:aws:ssm:*::document/AWS-RunShellScript`). */
export function documentName(arn: string): string | undefined {
  // The account may be a policy variable such as ${aws:PrincipalAccount}, which holds a colon.
  const m = /^arn:[^:]*:ssm:[^:]*:(?:\$\{[^}]*\}|[^:])*:document\/(.+)$/.exec(arn);
  return m?.[1];
}

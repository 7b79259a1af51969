/**
 * Every way to reach an SSM node or to move the opt-in tag, beyond ssm:SendCommand and
 * ssm:StartSession: shared by lint (one policy) and audit (a whole account), so that both know
 * the same paths.
 */
import { TAG_MUTATION_ACTIONS } from "../model/policy";

/** Node resource types: the targets of commands and sessions, and what the opt-in tag is put on. */
export const NODE_TYPES = ["instance", "managed-instance"];

/** What ECS Exec (ecs:ExecuteCommand) is authorised against, and so what its opt-in tag is put on. */
export const ECS_TARGET_TYPES = ["task", "cluster"];

/**
 * The tag paths of ECS resources: ecs:TagResource, also at creation (RunTask, CreateService, ... with
 * tags are authorised as ecs:TagResource too), and ecs:UntagResource.
 */
export const ECS_TAG_PATHS = ["ecs:TagResource", "ecs:UntagResource"];

/** Tag paths that take a tag off: they remove the opt-in (withdraw a node from the platform), they do not opt a node in. */
export const REMOVES_TAGS = ["autoscaling:DeleteTags", "ec2:DeleteTags", "ssm:RemoveTagsFromResource", "ecs:UntagResource"];

/** ECS's actions (ECS Exec, its tag paths) start with ecs:. */
export const isEcsAction = (action: string) => action.toLowerCase().startsWith("ecs:");

/** Every tag path: EC2's, SSM's and Auto Scaling's (the Deny the model writes), then ECS's. */
export const TAG_PATHS = [...TAG_MUTATION_ACTIONS, ...ECS_TAG_PATHS];

/** Tag paths that can put the opt-in key on a node (or an ECS task or cluster). */
export const ADDS_TAGS = TAG_PATHS.filter((a) => !REMOVES_TAGS.includes(a));

/** The resource types a tag path puts the opt-in tag on: ECS's tasks and clusters, else nodes. */
export const taggedTypes = (action: string) => (isEcsAction(action) ? ECS_TARGET_TYPES : NODE_TYPES);

export const removesTags = (action: string) => REMOVES_TAGS.some((a) => a.toLowerCase() === action.toLowerCase());

/** How each tag path reaches a node. */
export const TAG_PATH_WHY: Record<string, string> = {
  "ec2:CreateTags": "tags EC2 instances (also at launch: RunInstances with tags is authorised as ec2:CreateTags)",
  "ec2:DeleteTags": "removes tags from EC2 instances",
  "ssm:AddTagsToResource": "tags hybrid nodes (managed instances)",
  "ssm:RemoveTagsFromResource": "removes tags from hybrid nodes",
  "ssm:CreateActivation": "a hybrid activation's tags go on every node registered with it",
  "ssm:RegisterManagedInstance": "registers a hybrid node with tags",
  "autoscaling:CreateAutoScalingGroup": "a group's tags that propagate at launch go on every instance it starts",
  "autoscaling:CreateOrUpdateTags": "a group's tags that propagate at launch go on every instance it starts",
  "autoscaling:DeleteTags": "removes a group's tags from the instances it launches next",
  "ecs:TagResource": "tags ECS tasks and clusters, also at creation: RunTask, StartTask and CreateService with tags",
  "ecs:UntagResource": "removes tags from ECS tasks and clusters",
};

/** The tag paths that move an opt-in tag read by these command actions: ECS's for ECS Exec, EC2's and SSM's for the rest. */
export function tagPathsFor(commandActions: readonly string[]): string[] {
  const ecs = commandActions.some(isEcsAction);
  const ssm = commandActions.some((a) => !isEcsAction(a));
  return [...(ssm ? TAG_MUTATION_ACTIONS : []), ...(ecs ? ECS_TAG_PATHS : [])];
}

export interface IndirectPath {
  action: string;
  /**
   * The resource types that decide what runs: the document (an association's targets, by tag or
   * "all nodes", are resolved by the service, not checked against node ARNs), the runbook
   * (automation-definition, or its document), the maintenance window.
   */
  types: string[];
  why: string;
}

const RUNBOOK = ["automation-definition", "document"];
const WINDOW = ["maintenancewindow"];

/** Ways to run commands on nodes other than SendCommand and StartSession. */
export const INDIRECT_COMMAND_PATHS: IndirectPath[] = [
  {
    action: "ssm:CreateAssociation",
    types: ["document"],
    why: "a State Manager association runs a document on the nodes it targets, by tag or all of them",
  },
  { action: "ssm:CreateAssociationBatch", types: ["document"], why: "State Manager associations, several at once" },
  {
    action: "ssm:UpdateAssociation",
    types: ["association", "document"],
    why: "changes the document, parameters or targets of an existing association",
  },
  {
    action: "ssm:StartAutomationExecution",
    types: RUNBOOK,
    why: "an Automation runbook runs commands and scripts on nodes (aws:runCommand, aws:executeScript)",
  },
  { action: "ssm:StartChangeRequestExecution", types: RUNBOOK, why: "a Change Manager request runs an Automation runbook" },
  {
    action: "ssm:RegisterTaskWithMaintenanceWindow",
    types: WINDOW,
    why: "a maintenance-window task runs a command or runbook on the window's targets",
  },
  { action: "ssm:UpdateMaintenanceWindowTask", types: WINDOW, why: "changes what a maintenance-window task runs" },
  {
    action: "ssm:RegisterTargetWithMaintenanceWindow",
    types: WINDOW,
    why: "adds nodes to a maintenance window whose tasks then run on them",
  },
  { action: "ssm:UpdateMaintenanceWindowTarget", types: WINDOW, why: "changes which nodes a maintenance window's tasks run on" },
];

import { OWN_SESSION_ACTIONS } from "../../../model/policy";
import { arnsIntersect } from "../../glob";
import type { RuleFamily } from "../types";

/**
 * Actions for which AWS's user guide grants on ARNs although the service reference lists no
 * resource type (fact open-data-channel-resource): the documentation wins, so no finding.
 */
const DOCUMENTED_ARN_PATTERNS: Readonly<Record<string, RegExp>> = {
  "ssmmessages:OpenDataChannel": /^arn:[^:]+:ssm:[^:]*:[^:]*:session\//,
};

const OWN_SESSIONS_HINT =
  ', e.g. arn:<partition>:ssm:*:*:session/* with the condition ssm:resourceTag/aws:ssmmessages:session-id = "${aws:userid}"';

/**
 * Actions whose resources the statement never names: IAM then never grants (or denies) them here.
 * Only actions named without wildcards are checked: a wildcard is meant to cover many actions.
 */
export const resourceRules: RuleFamily = {
  rules: [
    {
      id: "action-takes-no-resource",
      severity: "error",
      summary: 'An action that takes no resource ARN is given only ARNs: only "Resource": "*" grants it.',
      help: 'The service reference lists no resource type for the action (e.g. ssm:DescribeInstanceInformation). IAM evaluates such a request against "*", so a statement that lists ARNs never matches it.',
    },
    {
      id: "resource-type-mismatch",
      severity: "error",
      summary: "No resource of the statement matches any resource type of the action.",
      help: "E.g. ssm:TerminateSession acts on session ARNs (session/*), not on instances or documents: a statement listing only those never matches it.",
    },
  ],
  *check({ facts }) {
    for (const { statement: s, exactActions } of facts) {
      if (!s.resource || s.resource.includes("*")) continue;
      for (const a of exactActions) {
        const verb = s.effect === "Allow" ? "grants" : "denies";
        const documented = DOCUMENTED_ARN_PATTERNS[a.name];
        if (documented && s.resource.every((r) => documented.test(r))) continue;
        if (a.resourceTypes.length === 0) {
          yield {
            ruleId: "action-takes-no-resource",
            statement: s,
            at: a.name,
            message: `${a.name} takes no resource ARN (the service reference lists no resource type for it): IAM checks it against "*", so this statement never ${verb} it.`,
            fix: `Move ${a.name} to a statement with "Resource": "*".`,
          };
          continue;
        }
        const matches = a.resourceTypes.some((t) => s.resource!.some((r) => arnsIntersect(r, t.arn)));
        if (!matches)
          yield {
            ruleId: "resource-type-mismatch",
            statement: s,
            at: a.name,
            message: `${a.name} acts on ${a.resourceTypes.map((t) => `${t.name} (${t.arn})`).join(", ")}; none of this statement's resources is one, so it never ${verb} ${a.name}.`,
            fix: `Move ${a.name} to a statement whose Resource is of those types${OWN_SESSION_ACTIONS.includes(a.name) ? OWN_SESSIONS_HINT : ""}.`,
          };
      }
    }
  },
};

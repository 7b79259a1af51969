import { hasWildcard } from "../../glob";
import { actionInfo, expandActionPattern, serviceActions, splitAction } from "../service-reference";
import type { RuleFamily } from "../types";

/** Actions that do not exist: a typo in Action grants nothing, in NotAction it excludes nothing. */
export const actionRules: RuleFamily = {
  rules: [
    {
      id: "unknown-action",
      severity: "error",
      summary: "An action (or a wildcard pattern) names no action of the AWS service reference.",
      help: "IAM accepts unknown actions silently. In Action the statement then grants less than intended; in NotAction it excludes nothing, so it grants more.",
    },
  ],
  async *check({ facts }) {
    for (const { statement: s } of facts) {
      const element = s.action ? "Action" : "NotAction";
      for (const pattern of s.action ?? s.notAction ?? []) {
        if (pattern === "*") continue;
        const parts = splitAction(pattern);
        const consequence = element === "Action" ? "it grants nothing" : "it excludes nothing";
        let problem: string | undefined;
        if (!parts) problem = `"${pattern}" is not of the form service:Action`;
        else if (!(await serviceActions(parts[0]))) problem = `there is no service "${parts[0]}"`;
        else if (hasWildcard(pattern)) {
          if (!(await expandActionPattern(pattern))?.length) problem = `"${pattern}" matches no ${parts[0]} action`;
        } else if (!(await actionInfo(pattern))) problem = `${parts[0]} has no action "${parts[1]}"`;
        if (problem)
          yield {
            ruleId: "unknown-action",
            statement: s,
            at: pattern,
            message: `${element} ${pattern}: ${problem} in the AWS service reference, so ${consequence}.`,
            fix: "Correct the action name (see the Service Authorization Reference), or remove it.",
          };
      }
    }
  },
};

import { OWN_SESSION_ACTIONS, SESSION_ACTIONS } from "../../../model/policy";
import { arnsIntersect } from "../../glob";
import type { ConditionEntry, PolicyStatement } from "../../policy-input";
import { actionInfo } from "../service-reference";
import { coveringPattern, coversArn, targetTypes } from "../statement-scope";
import type { RuleFamily } from "../types";

const SESSION_ID_KEY = "ssm:resourcetag/aws:ssmmessages:session-id";
const ownsSession = (c: ConditionEntry) =>
  c.key.toLowerCase() === SESSION_ID_KEY && /^String(?:Equals|Like)$/i.test(c.operator) && c.values.includes("${aws:userid}");
/**
 * The session ARN pattern of the Session Manager user guide's examples for IAM users: a session id
 * starts with the name of who started it, so session/${aws:username}-* (or ${aws:userid}) is one's own.
 */
const OWN_SESSION_ARN = /:session\/\$\{aws:(?:username|userid)\}-/i;
const ownsByArn = (s: PolicyStatement, sessionArn: string) =>
  !s.notResource && (s.resource ?? []).filter((r) => arnsIntersect(r, sessionArn)).every((r) => OWN_SESSION_ARN.test(r));
const checksDocument = (c: ConditionEntry) =>
  c.key.toLowerCase() === "ssm:sessiondocumentaccesscheck" &&
  /^Bool(?:IfExists)?$/i.test(c.operator) &&
  c.values.every((v) => v === "true");

/** Sessions: whose sessions the principal may end, and whether StartSession checks its document. */
export const sessionRules: RuleFamily = {
  rules: [
    {
      id: "session-not-owned",
      severity: "warning",
      summary: "ssm:TerminateSession or ssm:ResumeSession is allowed on sessions the principal did not start.",
      help: "Session Manager tags each session with the id of the principal that started it; the condition ssm:resourceTag/aws:ssmmessages:session-id = ${aws:userid} keeps the principal to its own sessions. The user guide's examples for IAM users do it by ARN instead (session/${aws:username}-*: a session id starts with the user's name), which this rule accepts too.",
    },
    {
      id: "session-document-check-missing",
      severity: "warning",
      summary: "ssm:StartSession on nodes without BoolIfExists ssm:SessionDocumentAccessCheck = true.",
      help: "Without it a request that names no document starts a shell with the default session document whatever the policy says about documents, so the approved session documents are not enforced.",
    },
  ],
  async *check({ facts }) {
    for (const { statement: s } of facts) {
      if (s.effect !== "Allow") continue;
      const notOwned: string[] = [];
      let at = "";
      for (const action of OWN_SESSION_ACTIONS) {
        const pattern = coveringPattern(s, action);
        const session = (await actionInfo(action))?.resourceTypes.find((t) => t.name === "session");
        if (!pattern || !session || !coversArn(s, session.arn) || s.conditions.some(ownsSession) || ownsByArn(s, session.arn)) continue;
        notOwned.push(action);
        at ||= pattern;
      }
      if (notOwned.length)
        yield {
          ruleId: "session-not-owned",
          statement: s,
          at,
          message: `${notOwned.join(", ")} ${notOwned.length > 1 ? "are" : "is"} allowed on any principal's sessions: this principal can end or take over sessions others started.`,
          fix: 'Add the condition StringEquals ssm:resourceTag/aws:ssmmessages:session-id = "${aws:userid}".',
        };
      for (const action of SESSION_ACTIONS) {
        const pattern = coveringPattern(s, action);
        if (!pattern || s.conditions.some(checksDocument)) continue;
        if (!(await targetTypes(action)).some((t) => coversArn(s, t.arn))) continue;
        yield {
          ruleId: "session-document-check-missing",
          statement: s,
          at: pattern,
          message: `${action} is allowed on nodes without ssm:SessionDocumentAccessCheck: a request that names no session document opens a shell whatever documents this policy approves.`,
          fix: 'Add the condition BoolIfExists ssm:SessionDocumentAccessCheck = "true".',
        };
      }
    }
  },
};

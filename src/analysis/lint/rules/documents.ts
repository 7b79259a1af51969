import { RUN_COMMAND_ACTIONS, SESSION_ACTIONS } from "../../../model/policy";
import { documentKind, documentName } from "../../ssm-documents";
import { covers } from "../statement-scope";
import type { RuleFamily } from "../types";

/** StartSession checks session documents and SendCommand command documents (see ssm-documents.ts). */
export const documentRules: RuleFamily = {
  rules: [
    {
      id: "document-type-mismatch",
      severity: "error",
      summary: "ssm:StartSession is given a Run Command document, or ssm:SendCommand a session document.",
      help: "StartSession is authorised against the session document of the request (SSM-SessionManagerRunShell when it names none); a Run Command document such as AWS-RunShellScript never is one, so granting it lets no session start, and the session document the platform needs is missing.",
    },
  ],
  *check({ facts }) {
    const pairs = [
      { actions: SESSION_ACTIONS, wrong: "command", want: "session", example: "SSM-SessionManagerRunShell" },
      { actions: RUN_COMMAND_ACTIONS, wrong: "session", want: "Run Command", example: "AWS-RunShellScript" },
    ] as const;
    for (const { statement: s } of facts) {
      if (s.effect !== "Allow") continue;
      for (const { actions, wrong, want, example } of pairs) {
        const action = actions.find((a) => covers(s, a));
        if (!action) continue;
        for (const r of s.resource ?? []) {
          const name = documentName(r);
          if (!name || documentKind(name) !== wrong) continue;
          yield {
            ruleId: "document-type-mismatch",
            statement: s,
            at: r,
            message: `${action} is authorised against ${want} documents; ${name} is a ${wrong === "command" ? "Run Command" : "session"} document, so this grants ${action} nothing with it.`,
            fix: `Grant ${action} its own ${want} documents (e.g. ${example}) in a statement of its own, and keep ${name} for ${wrong === "command" ? RUN_COMMAND_ACTIONS[0] : SESSION_ACTIONS[0]}.`,
          };
        }
      }
    }
  },
};

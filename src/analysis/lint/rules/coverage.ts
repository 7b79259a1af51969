import { RUN_COMMAND_ACTIONS, SESSION_ACTIONS } from "../../../model/policy";
import { arnsIntersect } from "../../glob";
import { actionInfo } from "../service-reference";
import { covers } from "../statement-scope";
import type { RawFinding, RuleFamily } from "../types";

/** Targets the policy names EC2 instances for but leaves out hybrid nodes (on-premises, managed-instance/*). */
export const coverageRules: RuleFamily = {
  rules: [
    {
      id: "hybrid-nodes-not-covered",
      severity: "note",
      summary: "Run Command or sessions are granted on EC2 instances but not on hybrid nodes (managed-instance/*).",
      help: "Nodes registered with SSM outside EC2 have managed-instance ARNs. Fine if the platform never needs them; otherwise add arn:<partition>:ssm:*:*:managed-instance/* to the tag-scoped statement.",
    },
  ],
  async check({ facts }) {
    const missing: string[] = [];
    let first: RawFinding["statement"] | undefined;
    for (const action of [...RUN_COMMAND_ACTIONS, ...SESSION_ACTIONS]) {
      const types = (await actionInfo(action))?.resourceTypes ?? [];
      const instance = types.find((t) => t.name === "instance");
      const hybrid = types.find((t) => t.name === "managed-instance");
      if (!instance || !hybrid) continue;
      const allows = facts.map((f) => f.statement).filter((s) => s.effect === "Allow" && s.resource && covers(s, action));
      // Only explicit instance ARNs: "*" covers hybrid nodes too, and other rules speak about "*".
      const onInstances = allows.find((s) => s.resource!.some((r) => r !== "*" && arnsIntersect(r, instance.arn)));
      if (!onInstances || allows.some((s) => s.resource!.some((r) => arnsIntersect(r, hybrid.arn)))) continue;
      missing.push(action);
      first ??= onInstances;
    }
    if (!first) return [];
    return [
      {
        ruleId: "hybrid-nodes-not-covered",
        statement: first,
        at: missing.join(", "),
        message: `${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} granted on EC2 instances only: hybrid nodes (managed-instance/*) are out of reach.`,
        fix: "If the platform must reach on-premises or other non-EC2 nodes, add arn:<partition>:ssm:*:*:managed-instance/* to the tag-scoped statement (scoped-ssm tighten --hybrid-nodes).",
      },
    ];
  },
};

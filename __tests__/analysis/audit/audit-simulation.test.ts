/**
 * The audit's own evaluator checked against an IAM policy simulator (@cloud-copilot/iam-simulate,
 * AGPL: tests only, never loaded by src/). For every principal of the realistic account without a
 * permissions boundary, one concrete request per category is simulated with all of the principal's
 * policies (its groups' included): where the audit is unconditional, the simulator must agree that
 * the request is allowed exactly when the audit reports it. Conditional findings rest on request
 * context neither side knows, and are left out.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type AccessRequest, simulate } from "../../../dev/simulate";
import { audit, type AuditFinding } from "../../../src/analysis/audit";
import { arnMatches } from "../../../src/analysis/audit/match";
import { principalsOf } from "../../../src/analysis/audit/principals";
import { readAuthorizationDetails } from "../../../src/analysis/audit/read-details";

const FIXTURE = join(__dirname, "../..", "fixtures", "audit", "account-authorization-details.json");
const KEY = "CadoResponseSSMEnabled";
const ACCOUNT = "111122223333";
const INSTANCE = `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0123456789abcdef0`;

/** One request per question; SendCommand needs both of its requests allowed. */
const QUESTIONS: { category: AuditFinding["category"]; action: string; requests: AccessRequest[]; target?: string }[] = [
  {
    category: "run-anywhere",
    action: "ssm:SendCommand",
    requests: [
      { action: "ssm:SendCommand", resource: INSTANCE },
      { action: "ssm:SendCommand", resource: "arn:aws:ssm:eu-west-1::document/AWS-RunShellScript" },
    ],
  },
  { category: "run-anywhere", action: "ssm:StartSession", requests: [{ action: "ssm:StartSession", resource: INSTANCE }] },
  {
    category: "opt-in",
    action: "ec2:CreateTags",
    requests: [{ action: "ec2:CreateTags", resource: INSTANCE, context: { "aws:TagKeys": [KEY], [`aws:RequestTag/${KEY}`]: "True" } }],
  },
  { category: "read-output", action: "ssm:ListCommandInvocations", requests: [{ action: "ssm:ListCommandInvocations", resource: "*" }] },
  {
    category: "escalate",
    action: "iam:AttachRolePolicy",
    target: `arn:aws:iam::${ACCOUNT}:role/app-web`,
    requests: [{ action: "iam:AttachRolePolicy", resource: `arn:aws:iam::${ACCOUNT}:role/app-web` }],
  },
];

test("for every principal and question the audit decides, the simulator decides the same", async () => {
  const raw = JSON.parse(readFileSync(FIXTURE, "utf8"));
  const report = await audit(raw, "account.json", { key: KEY, values: ["True"], ignoreCase: false });
  const { principals } = principalsOf(readAuthorizationDetails(raw, "account.json"));
  const compared: string[] = [];
  const disagreements: string[] = [];
  for (const p of principals.filter((x) => !x.boundary && !x.serviceLinked)) {
    const findings = report.findings.filter((f) => f.principal === p.arn);
    const policies = p.policies.map((ref) => ref.doc.raw);
    for (const q of QUESTIONS) {
      const hits = findings.filter(
        (f) =>
          f.category === q.category && f.actions.includes(q.action) && (!q.target || f.resources.some((r) => arnMatches(r, q.target!))),
      );
      if (hits.length && hits.every((f) => f.conditional)) continue;
      const audited = hits.length > 0;
      const decisions = await Promise.all(q.requests.map((r) => simulate(policies, r)));
      const simulated = decisions.every((d) => d === "Allowed");
      compared.push(`${p.name} ${q.action} ${audited}`);
      if (audited !== simulated) disagreements.push(`${p.name} ${q.action}: audit ${audited}, simulator ${decisions.join(", ")}`);
    }
  }
  expect(disagreements).toEqual([]);
  // Enough of both answers to mean something.
  expect(compared.filter((c) => c.endsWith("true")).length).toBeGreaterThan(15);
  expect(compared.filter((c) => c.endsWith("false")).length).toBeGreaterThan(40);
});

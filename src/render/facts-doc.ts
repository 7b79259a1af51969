import { FACTS, type Fact, type FactId, SCP_FACTS } from "../model/facts";
import { buildGuardrail } from "../model/guardrail";
import { buildRole } from "../model/role";
import { guardrailStatements, launchTemplateStatements, policyStatements } from "../model/policy";
import { ProfileSchema } from "../profile/schema";
import { generatedNotice } from "../model/generated";
import { mdText } from "../emit/markdown";

export const FACTS_DOC_FILE = "docs/IAM-FACTS.md";

/** A profile with every option on, so that the table names every statement the model can emit. */
const EVERYTHING = ProfileSchema.parse({
  name: "everything",
  tag: { key: "OptIn", values: ["yes"] },
  hybridNodes: true,
  runCommand: { documents: ["AWS-RunShellScript", "Team-Collect"] },
  sessions: {
    documents: ["SSM-SessionManagerRunShell"],
    portForwarding: true,
    kmsKeyArns: ["arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"],
  },
  listCommandInvocations: true,
});

/** The sources of a contested fact, each with what it says. */
const contestedMd = (f: Fact) =>
  "contested" in f && f.contested
    ? ` **Contested:** ${f.contested.map((c) => `[${mdText(c.title)}](${c.url}) ${mdText(c.says)}`).join("; ")}.`
    : "";

/** docs/IAM-FACTS.md: every fact, its source, whether the simulator can show it, and the statements that rest on it. */
export function renderFactsDoc(): string {
  const users = new Map<FactId, string[]>();
  for (const s of [...policyStatements(EVERYTHING), ...guardrailStatements(), ...launchTemplateStatements()])
    for (const f of s.facts) users.set(f, [...(users.get(f) ?? []), s.sid]);
  for (const t of buildRole(EVERYTHING).trust) for (const f of t.facts) users.set(f, [...(users.get(f) ?? []), `${t.sid} (trust policy)`]);
  for (const f of buildGuardrail(EVERYTHING).tagPolicy.facts) users.set(f, [...(users.get(f) ?? []), "guardrail tag policy"]);
  for (const f of SCP_FACTS) users.set(f, [...(users.get(f) ?? []), "audit --scp"]);
  const lines = [
    `<!-- ${generatedNotice({ from: "src/model/facts.ts", change: "that file", command: "npm run facts" })} -->`,
    "",
    "# IAM facts",
    "",
    "Every fact about AWS IAM and Systems Manager that the policy model (`src/model/policy.ts`) relies on, with the",
    "AWS documentation page that states it. Each statement the model emits names the facts it rests on (in the",
    "generated `main.tf` and module README); a test fails when a statement names none.",
    "",
    "*Simulated* says whether the access reports' simulator (`@cloud-copilot/iam-simulate`) models the fact. Where",
    "it does not, the documentation alone is the authority, and the access reports mark the rows that depend on it (†).",
    "",
    "| fact | claim | source | simulated | statements |",
    "|---|---|---|---|---|",
  ];
  for (const [id, f] of Object.entries(FACTS) as [FactId, (typeof FACTS)[FactId]][])
    lines.push(
      `| <a id="${id}"></a>\`${id}\` | ${mdText(f.claim)}${contestedMd(f)} | [${mdText(f.source.title)}](${f.source.url}) | ${f.simulated ? "yes" : "**no**"} | ${(users.get(id) ?? []).join(", ") || "(module layout)"} |`,
    );
  return `${lines.join("\n")}\n`;
}

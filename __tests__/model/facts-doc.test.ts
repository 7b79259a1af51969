/** The facts table: current, sourced from AWS documentation, and every fact in use. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CATALOGUE } from "../../dev/access-report/catalogue";
import { FACTS, type FactId, SCP_FACTS } from "../../src/model/facts";
import { FACTS_DOC_FILE, renderFactsDoc } from "../../src/render/facts-doc";
import { buildGuardrail } from "../../src/model/guardrail";
import { buildRole } from "../../src/model/role";
import { guardrailStatements, launchTemplateStatements, policyStatements } from "../../src/model/policy";
import { ProfileSchema } from "../../src/profile/schema";

test(`${FACTS_DOC_FILE} is current (regenerate with npm run facts)`, () => {
  expect(readFileSync(join(__dirname, "..", "..", FACTS_DOC_FILE), "utf8")).toBe(renderFactsDoc());
});

test("every fact cites an AWS documentation page", () => {
  for (const [id, f] of Object.entries(FACTS))
    expect([id, f.source.url]).toEqual([id, expect.stringMatching(/^https:\/\/docs\.aws\.amazon\.com\//)]);
});

test("every fact is relied on by a statement, a module check or an access-report row", () => {
  const everything = ProfileSchema.parse({
    name: "x",
    tag: { key: "K", values: ["v"] },
    hybridNodes: true,
    runCommand: { documents: ["AWS-RunShellScript", "Own-Doc"] },
    sessions: { documents: ["SSM-SessionManagerRunShell"], portForwarding: true, kmsKeyArns: ["arn:aws:kms:eu-west-1:111122223333:key/k"] },
    listCommandInvocations: true,
  });
  const used = new Set<FactId>([
    ...policyStatements(everything).flatMap((s) => s.facts),
    ...guardrailStatements().flatMap((s) => s.facts),
    ...launchTemplateStatements().flatMap((s) => s.facts),
    ...buildGuardrail(everything).tagPolicy.facts,
    ...buildRole(everything).trust.flatMap((t) => t.facts),
    ...CATALOGUE.flatMap((e) => e.rests ?? []),
    ...SCP_FACTS,
    // Module layout, not statements: the size preconditions (policy and SCP) and splitting, the partition precondition,
    // and leaving out statements whose resources come out empty.
    "managed-policy-size",
    "scp-size",
    "regions-belong-to-a-partition",
    "region-table",
    "statement-needs-resource",
  ]);
  expect(Object.keys(FACTS).filter((f) => !used.has(f as FactId))).toEqual([]);
});

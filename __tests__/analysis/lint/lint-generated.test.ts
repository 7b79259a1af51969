/**
 * What scoped-ssm generates lints clean: the policies of the model's cases, in every partition
 * they name, have no finding but notes (the literal partition of an evaluated policy, hybrid nodes
 * left out by the profile), and the one warning a profile asks for (protectTag: false).
 */
import cases from "../../cases/policy-model.json";
import { buildModule } from "../../../src/model/module";
import { envFor, evalPolicy } from "../../../src/model/policy-document";
import { lintPolicy } from "../../support/lint";
import { profileOf } from "../../support/inputs";

describe.each(cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
  const profile = profileOf(c.profile);
  const model = buildModule(profile);

  test.each(["aws", "aws-us-gov", "aws-cn"])("in %s: no error, and warnings only for what the profile turns off", async (partition) => {
    const findings = await lintPolicy(evalPolicy(model, envFor(model, partition)));
    const expected = [
      ...(profile.protectTag ? [] : [["warning", "opt-in-tag-unprotected"]]),
      ["note", "hard-coded-partition"],
      ...(profile.hybridNodes ? [] : [["note", "hybrid-nodes-not-covered"]]),
    ];
    expect(findings.map((f) => [f.severity, f.ruleId])).toEqual(expected);
  });

  test("the policy the model's case expects lints the same", async () => {
    const findings = await lintPolicy({ Version: "2012-10-17", Statement: c.policy });
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
  });
});

import cases from "./cases/policy-model.json";
import { buildModule } from "../src/model/module";
import { envFor, evalPolicy } from "../src/model/policy-document";
import { DEFAULT_PROFILE } from "../src/profile/default-profile";
import { ProfileSchema } from "../src/profile/schema";
import { hclList, hclStr } from "../src/render/hcl";

const profileOf = (p: unknown) => ProfileSchema.parse(p === "default" ? DEFAULT_PROFILE : p);

describe("policy model", () => {
  test.each(cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const model = buildModule(profileOf(c.profile));
    const policy = evalPolicy(model, envFor(model, c.partition));
    expect(policy.Statement).toEqual(c.policy);
  });

  test("module inputs override the profile's tag and documents", () => {
    const model = buildModule(profileOf("default"));
    const policy = evalPolicy(
      model,
      envFor(model, "aws", { tag_key: "Other", tag_values: ["yes"], run_command_documents: ["amzn-Doc", "Mine"] }),
    );
    const byId = Object.fromEntries(policy.Statement.map((s) => [s.Sid, s]));
    expect(byId.SendCommandOnOptedInNodes.Condition).toEqual({ StringEquals: { "ssm:resourceTag/Other": ["yes"] } });
    expect(byId.SendCommandWithApprovedDocuments.Resource).toEqual([
      "arn:aws:ssm:*:${aws:PrincipalAccount}:document/Mine",
      "arn:aws:ssm:*::document/amzn-Doc",
    ]);
    expect(byId.ProtectOptInTag.Condition).toEqual({ "ForAnyValue:StringEqualsIgnoreCase": { "aws:TagKeys": ["Other"] } });
  });

  test("the module's variables carry the profile's values as defaults", () => {
    const model = buildModule(profileOf("default"));
    const defaults = Object.fromEntries(model.variables.map((v) => [v.name, v.default]));
    expect(defaults).toEqual({
      policy_name: "scoped-ssm-cado-response",
      role_names: [],
      opt_in_instance_ids: [],
      tags: {},
      tag_key: "CadoResponseSSMEnabled",
      tag_values: ["True"],
      run_command_documents: ["AWS-RunShellScript", "AWS-RunPowerShellScript"],
      session_documents: ["SSM-SessionManagerRunShell"],
    });
  });

  test("no partition literal reaches the rendered ARNs", () => {
    const model = buildModule(profileOf("default"));
    for (const s of model.policy.statements) expect(hclList(s.resources)).not.toMatch(/arn:aws[:-]/);
    expect(hclStr(model.optInTags.value)).toBe("var.tag_values[0]");
  });
});

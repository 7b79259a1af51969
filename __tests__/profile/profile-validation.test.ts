import cases from "../cases/invalid-configs.json";
import { DEFAULT_PROFILE } from "../../src/profile/default-profile";
import { InputError, formatProblem } from "../../src/base/errors";
import { parseJson, validateConfig } from "../../src/profile/load";

interface Case {
  name: string;
  /** "generate": valid as a config, refused when generate builds the policy (it can never fit). */
  stage?: "generate";
  config: unknown;
  problems: { path: string; includes: string }[];
}

function problemsOf(raw: unknown) {
  try {
    validateConfig(raw, "scoped-ssm.json");
  } catch (e) {
    if (e instanceof InputError) return e.problems;
    throw e;
  }
  return [];
}

describe("config validation", () => {
  test.each((cases as Case[]).filter((c) => !c.stage).map((c) => [c.name, c] as const))("%s", (_, c) => {
    const problems = problemsOf(c.config);
    expect(problems.map((p) => p.path).sort()).toEqual(c.problems.map((p) => p.path).sort());
    for (const want of c.problems) {
      const got = problems.find((p) => p.path === want.path)!;
      expect(got.message).toContain(want.includes);
      expect(got.file).toBe("scoped-ssm.json");
    }
  });

  test.each((cases as Case[]).filter((c) => c.stage === "generate").map((c) => [c.name, c] as const))(
    "valid as a config, refused later: %s",
    (_, c) => {
      expect(problemsOf(c.config)).toEqual([]);
    },
  );

  test("the embedded default profile is valid and gets the defaults", () => {
    const config = validateConfig({ profiles: [DEFAULT_PROFILE] }, "default");
    expect(config.profiles[0]).toMatchObject({
      name: "cado-response",
      tag: { key: "CadoResponseSSMEnabled", values: ["True"], match: "exact" },
      ec2Instances: true,
      hybridNodes: false,
      readActions: true,
      protectTag: true,
    });
  });

  test("a problem message names the file, the field, the value and what is allowed", () => {
    const [p] = problemsOf({ profiles: [{ ...DEFAULT_PROFILE, scope: { accounts: ["12345"] } }] });
    expect(formatProblem(p)).toBe('scoped-ssm.json: profiles[0].scope.accounts[0]: an account id is 12 digits (got "12345")');
  });

  test("malformed JSON is reported with its line and column", () => {
    expect(() => parseJson('{\n  "profiles": [\n    { "name": "x", }\n  ]\n}', "scoped-ssm.json")).toThrow(
      /scoped-ssm.json: \(top level\): malformed JSON at line 3, column 2\d/,
    );
  });
});

/**
 * lint on the seed page's two policies (__tests__/fixtures): it must report each mistake DESIGN.md
 * lists for them, at the action, resource or key at fault.
 */
import type { Finding } from "../../../src/analysis/lint/types";
import { lintPolicy } from "../../support/lint";
import { fixture } from "../../support/inputs";

let findings: Record<string, Finding[]>;
beforeAll(async () => {
  findings = {
    "seed-default.json": await lintPolicy(fixture("seed-default.json")),
    "seed-tightened.json": await lintPolicy(fixture("seed-tightened.json")),
  };
});

const has = (file: string, ruleId: string, at: string, severity: string, statements: number[]) => {
  const hits = findings[file].filter((f) => f.ruleId === ruleId && f.at === at);
  expect(hits.map((f) => [f.severity, f.statement.index])).toEqual(statements.map((i) => [severity, i]));
};

describe.each(["seed-default.json", "seed-tightened.json"])("%s", (file) => {
  const both = file === "seed-tightened.json" ? [0, 1] : [0];
  test("DescribeInstanceInformation is never granted: it takes no ARN", () =>
    has(file, "action-takes-no-resource", "ssm:DescribeInstanceInformation", "error", both));
  test("TerminateSession is never granted: it acts on sessions, not instances or documents", () =>
    has(file, "resource-type-mismatch", "ssm:TerminateSession", "error", both));
  test("StartSession is given Run Command documents", () => {
    const at = file === "seed-tightened.json" ? 1 : 0;
    for (const doc of ["AWS-RunShellScript", "AWS-RunPowerShellScript"])
      has(file, "document-type-mismatch", `arn:aws:ssm:*::document/${doc}`, "error", [at]);
  });
  test("the aws partition is hard-coded", () =>
    expect(findings[file].filter((f) => f.ruleId === "hard-coded-partition").map((f) => f.severity)).toEqual(["note"]));
  test("hybrid nodes are left out (a note)", () => has(file, "hybrid-nodes-not-covered", "ssm:SendCommand, ssm:StartSession", "note", [0]));
});

describe("seed-default.json", () => {
  test("Run Command and sessions on every instance: no tag scoping at all", () => {
    has("seed-default.json", "untagged-command-target", "ssm:SendCommand", "error", [0]);
    has("seed-default.json", "untagged-command-target", "ssm:StartSession", "error", [0]);
  });
});

describe("seed-tightened.json", () => {
  test("nothing protects the opt-in tag: whoever may tag can opt an instance in", () =>
    has("seed-tightened.json", "opt-in-tag-unprotected", "CadoResponseSSMEnabled", "warning", [0]));
  test("StringLike without a wildcard", () =>
    has("seed-tightened.json", "stringlike-without-wildcard", "ssm:resourceTag/CadoResponseSSMEnabled", "warning", [0]));
  test("the tag condition cannot apply to DescribeInstanceInformation or TerminateSession", () =>
    has("seed-tightened.json", "condition-key-not-applicable", "ssm:resourceTag/CadoResponseSSMEnabled", "error", [0]));
  test("its tag condition does scope SendCommand and StartSession on instances", () =>
    expect(findings["seed-tightened.json"].filter((f) => f.ruleId === "untagged-command-target")).toEqual([]));
});

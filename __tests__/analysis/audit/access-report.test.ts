/**
 * Access reports (modules/<profile>/ACCESS.md): current for every configured profile, and their
 * decisions what the profile means, computed by simulation here, not read from the file.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CATALOGUE } from "../../../dev/access-report/catalogue";
import {
  ACCESS_REPORT_FILE,
  accessMatrix,
  accessReport,
  renderAccessReport,
  type MatrixRow,
  type RowDecision,
} from "../../../dev/access-report/report";
import { otherCase, reportRequests } from "../../../dev/access-report/resolve";
import { run, writeAccessReports } from "../../../dev/access-report/write";
import type { Decision } from "../../../dev/simulate";
import { DEFAULT_PROFILE } from "../../../src/profile/default-profile";
import { loadConfig } from "../../../src/profile/load";
import { ProfileSchema, type ProfileInput } from "../../../src/profile/schema";
import { hasGeneratedHeader } from "../../../src/model/generated";
import { firstDifference } from "../../support/repo-state";

const ROOT = join(__dirname, "../..", "..");
const profile = (p: ProfileInput) => ProfileSchema.parse(p);

describe("committed access reports", () => {
  const { config } = loadConfig(undefined, ROOT);
  test.each(config.profiles.map((p) => [p.name, p] as const))("modules/%s/ACCESS.md is current", async (name, p) => {
    const file = join(ROOT, "modules", name, ACCESS_REPORT_FILE);
    const fresh = await accessReport(p);
    if (!existsSync(file))
      throw new Error(
        `modules/${name}/ACCESS.md is missing: run \`npm run access-report\` (after \`npm run generate\`), review it, commit it`,
      );
    const committed = readFileSync(file, "utf8");
    if (committed !== fresh)
      throw new Error(
        `modules/${name}/ACCESS.md is stale: run \`npm run access-report\`, review the change, commit it; ${firstDifference(committed, fresh)}`,
      );
  });
});

const decisions = (rows: MatrixRow[]) => Object.fromEntries(rows.map((r) => [r.id, r.decision]));
const ALLOWED: Decision = "Allowed";
const IMPLICIT: Decision = "ImplicitlyDenied";
const EXPLICIT: Decision = "ExplicitlyDenied";

describe("the default profile's decisions", () => {
  let d: Record<string, RowDecision>;
  let rows: MatrixRow[];
  beforeAll(async () => {
    rows = await accessMatrix(profile(DEFAULT_PROFILE));
    d = decisions(rows);
  });

  test.each(["runCommand", "sessions"])("%s: only EC2 instances tagged with the accepted value", (g) => {
    expect(d[`${g}.instance.tagged`]).toBe(ALLOWED);
    expect(d[`${g}.instance.keyOtherCase`]).toBe(ALLOWED);
    for (const denied of [
      "instance.untagged",
      "instance.otherValue",
      "instance.valueOtherCase",
      "hybrid.tagged",
      "hybrid.untagged",
      "hybrid.otherValue",
    ])
      expect([denied, d[`${g}.${denied}`]]).toEqual([denied, IMPLICIT]);
  });

  test("documents: the approved ones only, and only their own owner's", () => {
    expect(rows.filter((r) => r.id.startsWith("runCommand.document.approved.")).map((r) => [r.resource, r.decision])).toEqual([
      ["arn:aws:ssm:us-east-1::document/AWS-RunShellScript", ALLOWED],
      ["arn:aws:ssm:us-east-1::document/AWS-RunPowerShellScript", ALLOWED],
    ]);
    // SSM-SessionManagerRunShell lives in the principal's own account; the same name shared by another is refused.
    expect(d["sessions.document.approved.0"]).toBe(ALLOWED);
    expect(d["sessions.document.approvedOtherAccount.0"]).toBe(IMPLICIT);
    for (const id of [
      "runCommand.document.unapprovedAws",
      "runCommand.document.unapprovedOwn",
      "runCommand.document.otherAccount",
      "sessions.document.runCommandDocument",
      "sessions.document.unapproved",
    ])
      expect([id, d[id]]).toEqual([id, IMPLICIT]);
  });

  test("own sessions, reads, tag protection, unrelated actions", () => {
    expect([d["ownSessions.terminate.own"], d["ownSessions.resume.own"]]).toEqual([ALLOWED, ALLOWED]);
    expect([d["ownSessions.terminate.other"], d["ownSessions.resume.other"]]).toEqual([IMPLICIT, IMPLICIT]);
    expect([d["reads.describeInstanceInformation"], d["reads.getCommandInvocation"]]).toEqual([ALLOWED, ALLOWED]);
    // Every command's output in the account: not a default grant.
    expect(d["reads.listCommandInvocations"]).toBe(IMPLICIT);
    const tagRows = rows.filter((r) => r.group === "optInTag");
    expect(tagRows.length).toBeGreaterThanOrEqual(8);
    for (const r of tagRows)
      expect([r.id, r.decision]).toEqual([r.id, ["optInTag.otherTag", "optInTag.snapshot"].includes(r.id) ? IMPLICIT : EXPLICIT]);
    for (const r of rows.filter((r) => r.group === "unrelated")) expect([r.id, r.decision]).toEqual([r.id, IMPLICIT]);
    for (const id of [
      "optInTag.createActivation",
      "optInTag.registerManagedInstance",
      "optInTag.autoScalingGroupCreate",
      "optInTag.autoScalingGroupTags",
      "optInTag.removeEveryTag",
    ])
      expect([id, d[id]]).toEqual([id, EXPLICIT]);
  });

  test("rows the simulator cannot model are marked, not substituted", () => {
    // The service reference gives ssmmessages:OpenDataChannel no resource type; AWS's user guide grants it on session ARNs.
    expect([d["sessions.openDataChannel.own"], d["sessions.openDataChannel.other"]]).toEqual(["NotSimulated", "NotSimulated"]);
    const text = renderAccessReport(profile(DEFAULT_PROFILE), rows);
    expect(text).toContain("## Rows marked †");
    for (const f of ["open-data-channel-resource", "session-document-access-check"]) expect(text).toContain(`<a id="${f}"></a>`);
    expect(text).toMatch(/\| approved session document SSM-SessionManagerRunShell \|.*\*\*allowed\*\* † \[session-document-access-check\]/);
  });

  test("every catalogue entry yields a row for the default profile", () => {
    const ids = new Set(rows.map((r) => r.id.replace(/\.\d+$/, "")));
    expect(CATALOGUE.map((e) => e.id).filter((id) => !ids.has(id))).toEqual([]);
  });
});

describe("decisions follow the profile", () => {
  const variant = profile({
    name: "variant",
    tag: { key: "IR-Opt-In", values: ["yes"], match: "ignoreCase" },
    hybridNodes: true,
    runCommand: { documents: ["Team-Collect"] },
    sessions: false,
    readActions: false,
    protectTag: false,
    scope: { regions: ["eu-west-1"], accounts: ["444455556666"] },
  });
  let d: Record<string, RowDecision>;
  let rows: MatrixRow[];
  beforeAll(async () => {
    rows = await accessMatrix(variant);
    d = decisions(rows);
  });

  test("ignoreCase accepts the value in another case; hybrid nodes are targets", () => {
    expect(d["runCommand.instance.valueOtherCase"]).toBe(ALLOWED);
    expect(d["runCommand.hybrid.tagged"]).toBe(ALLOWED);
    expect(d["runCommand.hybrid.otherValue"]).toBe(IMPLICIT);
  });

  test("the principal is in the scoped account; other accounts' documents do not match", () => {
    expect(rows.find((r) => r.id === "runCommand.instance.tagged")!.resource).toBe(
      "arn:aws:ec2:eu-west-1:444455556666:instance/i-0123456789abcdef0",
    );
    expect(d["runCommand.document.approved.0"]).toBe(ALLOWED);
    expect(d["runCommand.document.otherAccount"]).toBe(IMPLICIT);
  });

  test("no sessions, no reads, no tag protection", () => {
    for (const r of rows.filter(
      (r) => ["sessions", "ownSessions", "reads"].includes(r.group) && !r.id.startsWith("sessions.openDataChannel."),
    ))
      expect([r.id, r.decision]).toEqual([r.id, IMPLICIT]);
    for (const r of rows.filter((r) => r.group === "optInTag")) expect([r.id, r.decision]).toEqual([r.id, IMPLICIT]);
  });

  test("the report says so, and starts with the generated header", () => {
    const text = renderAccessReport(variant, rows);
    expect(hasGeneratedHeader(text)).toBe(true);
    expect(text.split("\n", 1)[0]).toContain("npm run access-report");
    expect(text).toContain("(ignoring case)");
    expect(text).toContain("| EC2 instance tagged with the accepted value in another case | `ssm:SendCommand` |");
  });
});

describe("each report in its profile's partition", () => {
  const partitionOf = (arn: string) => /^arn:([^:]+):/.exec(arn)?.[1];
  test.each([
    ["us-gov-west-1", "aws-us-gov"],
    ["cn-north-1", "aws-cn"],
    ["eu-west-1", "aws"],
  ])("regions %s: requests, the principal and the report's words in %s; decisions as in aws", async (region, partition) => {
    const p = profile({ ...DEFAULT_PROFILE, name: "scoped", scope: { regions: [region] } });
    const rows = await accessMatrix(p);
    expect([...new Set(rows.map((r) => partitionOf(r.resource)).filter(Boolean))]).toEqual([partition]);
    expect([...new Set(rows.map((r) => partitionOf(r.principalArn!)))]).toEqual([partition]);
    const text = renderAccessReport(p, rows);
    expect(text).toContain(`in the \`${partition}\` partition.`);
    if (partition !== "aws") expect(text).not.toMatch(/arn:aws:/);
    // The module's policy in that partition grants what the default's grants in aws.
    const d = decisions(rows);
    expect(d["runCommand.instance.tagged"]).toBe(ALLOWED);
    expect(d["runCommand.instance.untagged"]).toBe(IMPLICIT);
  });
});

describe("request catalogue", () => {
  test("rows without a meaning for the profile are left out", () => {
    const p = profile({ ...DEFAULT_PROFILE, name: "digits", tag: { key: "0123", values: ["1"] } });
    const ids = reportRequests(p).map((r) => r.id);
    expect(ids).not.toContain("runCommand.instance.keyOtherCase");
    expect(ids).not.toContain("runCommand.instance.valueOtherCase");
    expect(ids).toContain("runCommand.instance.tagged");
  });

  test("placeholder text from the profile is not read again as a placeholder", () => {
    const p = profile({ ...DEFAULT_PROFILE, name: "braces", tag: { key: "{account}", values: ["{value}"] } });
    const tagged = reportRequests(p).find((r) => r.id === "runCommand.instance.tagged")!;
    expect(tagged.resourceTags).toEqual({ "{account}": "{value}" });
  });

  test("the other case avoids accepted values", () => {
    expect(otherCase("True")).toBe("true");
    expect(otherCase("True", ["true"])).toBe("TRUE");
    expect(otherCase("123")).toBeUndefined();
  });
});

describe("npm run access-report", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "access-report-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("writes every profile's report, then nothing on a second run; --check agrees", async () => {
    const first = await writeAccessReports({ cwd: dir });
    expect(first).toMatchObject({ code: 0, stdout: "written   cado-response/ACCESS.md\n" });
    const content = readFileSync(join(dir, "modules/cado-response/ACCESS.md"), "utf8");
    expect(await writeAccessReports({ cwd: dir })).toMatchObject({ code: 0, stdout: "unchanged cado-response/ACCESS.md\n" });
    expect(readFileSync(join(dir, "modules/cado-response/ACCESS.md"), "utf8")).toBe(content);
    expect(await run(["--check"], dir)).toMatchObject({ code: 0 });
    writeFileSync(join(dir, "modules/cado-response/ACCESS.md"), `${content}edited\n`);
    expect(await run(["--check"], dir)).toMatchObject({ code: 1, stderr: expect.stringContaining("cado-response/ACCESS.md") });
  });

  test("never overwrites a file without the generated header", async () => {
    mkdirSync(join(dir, "modules/cado-response"), { recursive: true });
    writeFileSync(join(dir, "modules/cado-response/ACCESS.md"), "my notes\n");
    const r = await run([], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("lacks the generated header");
    expect(readFileSync(join(dir, "modules/cado-response/ACCESS.md"), "utf8")).toBe("my notes\n");
  });

  test("a config file's profiles, and bad input exits 2", async () => {
    const variantProfile = { ...DEFAULT_PROFILE, name: "second", sessions: false };
    writeFileSync(join(dir, "scoped-ssm.json"), JSON.stringify({ profiles: [DEFAULT_PROFILE, variantProfile] }));
    expect((await run(["--out", "out"], dir)).stdout).toBe("written   cado-response/ACCESS.md\nwritten   second/ACCESS.md\n");
    writeFileSync(join(dir, "bad.json"), JSON.stringify({ profiles: [{ ...DEFAULT_PROFILE, tag: { key: "aws:x", values: ["1"] } }] }));
    const bad = await run(["--config", "bad.json"], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("profiles[0].tag.key");
    expect(await run(["extra"], dir)).toMatchObject({ code: 2 });
  });
});

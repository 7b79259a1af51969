/**
 * audit on whole accounts: a realistic authorization-details file (AWS managed policies as AWS
 * publishes them, abridged where long; URL-encoded documents where the IAM API returns them so),
 * an account built from our own generated module, and the reader's refusals.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { audit, type AuditFinding, type OptInTag } from "../../../src/analysis/audit";
import { readAuthorizationDetails } from "../../../src/analysis/audit/read-details";
import { buildModule } from "../../../src/model/module";
import { envFor, evalPolicies } from "../../../src/model/policy-document";
import { DEFAULT_PROFILE } from "../../../src/profile/default-profile";
import { InputError } from "../../../src/base/errors";
import { type ProfileInput, ProfileSchema } from "../../../src/profile/schema";
import { ACCOUNT, buildAccount } from "../../fixtures/audit/build-account";

const FIXTURE = join(__dirname, "../..", "fixtures", "audit", "account-authorization-details.json");
const realistic = () => JSON.parse(readFileSync(FIXTURE, "utf8"));
const CADO: OptInTag = { key: "CadoResponseSSMEnabled", values: ["True"], ignoreCase: false };
const short = (f: AuditFinding) => `${f.principalType}/${f.principalName} ${f.category}${f.conditional ? " (conditional)" : ""}`;

describe("a realistic account", () => {
  test("names the administrators, every SSM path on '*', the NotAction trap, the taggers and the escalators; not those a Deny cancels", async () => {
    const r = await audit(realistic(), "account.json", CADO);
    expect([...new Set(r.findings.map(short))].sort()).toEqual(
      [
        // AdministratorAccess, directly and through a group.
        "role/OrganizationAccountAccessRole run-anywhere",
        "role/OrganizationAccountAccessRole opt-in",
        "role/OrganizationAccountAccessRole read-output",
        "role/OrganizationAccountAccessRole escalate",
        "user/alice run-anywhere",
        "user/alice opt-in",
        "user/alice read-output",
        "user/alice escalate",
        // PowerUserAccess: Allow NotAction iam:* reaches the nodes, the tag and every output.
        "user/bob run-anywhere",
        "user/bob opt-in",
        "user/bob read-output",
        // The same through the group, but a Deny without MFA the audit cannot decide.
        "user/dave run-anywhere (conditional)",
        "user/dave opt-in (conditional)",
        "user/dave read-output (conditional)",
        // SendCommand and StartSession on "*" in a URL-encoded inline policy.
        "user/carol run-anywhere",
        // ReadOnlyAccess's ssm:List* includes ListCommandInvocations.
        "user/frank read-output",
        "user/grace opt-in",
        "user/mallory escalate",
        // AmazonSSMFullAccess less a Deny of every command path: the tag and the output remain.
        "user/oscar opt-in",
        "user/oscar read-output",
        // An administrator inside an SSM-only boundary.
        "role/bounded-admin run-anywhere",
        "role/bounded-admin opt-in",
        "role/bounded-admin read-output",
        "role/ci-deploy escalate",
        "role/dev-tools run-anywhere (conditional)",
        "role/legacy-ops run-anywhere",
        "role/patching run-anywhere",
        "role/runbook-runner run-anywhere",
      ].sort(),
    );
    const named = new Set(r.findings.map((f) => f.principalName));
    // Cancelled by a Deny, bounded, self-service only, AWS-managed policies only, or scoped to the opt-in tag.
    for (const quiet of ["erin", "ivan", "heidi", "judy", "IrPlatformRole", "support-bot", "app-web"]) expect(named.has(quiet)).toBe(false);
    expect(r.administrators).toEqual([`arn:aws:iam::${ACCOUNT}:role/OrganizationAccountAccessRole`, `arn:aws:iam::${ACCOUNT}:user/alice`]);
    expect(r.serviceLinked.map(short)).toEqual([
      "role/AWSServiceRoleForAmazonSSM run-anywhere",
      "role/AWSServiceRoleForAmazonSSM read-output",
    ]);
    expect(r.unresolved).toEqual([]);
    expect(r.counts).toEqual({ users: 12, roles: 11, groups: 5, policies: 17, serviceLinkedRoles: 1 });
  });

  test("each finding says through which policy, statement and group; escalations name what they can change", async () => {
    const r = await audit(realistic(), "account.json", CADO);
    const find = (name: string, category: string) => r.findings.find((f) => f.principalName === name && f.category === category)!;
    expect(find("alice", "run-anywhere")).toMatchObject({
      principal: `arn:aws:iam::${ACCOUNT}:user/alice`,
      principalType: "user",
      conditional: false,
      via: ["arn:aws:iam::aws:policy/AdministratorAccess", "Statement[0]"],
      group: "Admins",
    });
    expect(find("carol", "run-anywhere")).toMatchObject({
      via: [`SsmOperator (inline, arn:aws:iam::${ACCOUNT}:user/carol)`, "Statement[0] (RunAnywhere)"],
      actions: ["ssm:SendCommand", "ssm:StartSession"],
    });
    expect(find("ci-deploy", "escalate")).toMatchObject({ targets: [`arn:aws:iam::${ACCOUNT}:role/app-web`], targetCount: 1 });
    expect(find("dave", "opt-in").undecided).toEqual([
      `unless the Deny Statement[0] (DenyAllExceptListedIfNoMFA) of arn:aws:iam::${ACCOUNT}:policy/RequireMfa applies (BoolIfExists aws:MultiFactorAuthPresent = false)`,
    ]);
    // The service-linked role cannot be a target: IAM refuses to change it.
    expect(find("alice", "escalate").targetCount).toBe(5 + 10 + 12 + 11);
  });
});

describe("an account built from our own module", () => {
  const PROFILES: [string, ProfileInput][] = [
    ["the default profile", DEFAULT_PROFILE],
    [
      "hybrid nodes, sessions with port forwarding, scoped to a region and account, ignoring case",
      {
        name: "forensics",
        tag: { key: "ForensicsOptIn", values: ["yes", "on"], match: "ignoreCase" },
        hybridNodes: true,
        runCommand: { documents: ["AWS-RunShellScript", "Forensics-Collect"] },
        sessions: { documents: ["SSM-SessionManagerRunShell"], portForwarding: true },
        scope: { regions: ["eu-west-1"], accounts: [ACCOUNT] },
      },
    ],
    ["listCommandInvocations", { ...DEFAULT_PROFILE, listCommandInvocations: true }],
  ];

  test.each(PROFILES)("%s: the platform role can neither run anywhere nor opt a node in nor escalate", async (_, input) => {
    const profile = ProfileSchema.parse(input);
    const model = buildModule(profile);
    const policies = Object.fromEntries(
      evalPolicies(model, envFor(model, "aws")).map((doc, i) => [`scoped-ssm-${profile.name}-${i + 1}`, doc]),
    );
    const account = buildAccount({ policies, roles: { IrPlatformRole: { managed: Object.keys(policies) } } });
    const tag: OptInTag = { key: profile.tag.key, values: profile.tag.values, ignoreCase: profile.tag.match === "ignoreCase" };
    const r = await audit(account, "account.json", tag);
    // ListCommandInvocations returns every command's output: the profile that asks for it says so.
    expect(r.findings.map(short)).toEqual(profile.listCommandInvocations ? ["role/IrPlatformRole read-output"] : []);
  });
});

describe("reading the file", () => {
  const read = (raw: unknown) => () => readAuthorizationDetails(raw, "details.json");
  const base = () =>
    buildAccount({
      roles: { r: { inline: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }] } },
    }) as any;

  test("policy documents as objects, JSON text or URL-encoded JSON", () => {
    const doc = { Version: "2012-10-17", Statement: [{ Sid: "S", Effect: "Allow", Action: "ssm:SendCommand", Resource: "*" }] };
    for (const encoded of [doc, JSON.stringify(doc), encodeURIComponent(JSON.stringify(doc))]) {
      const raw = base();
      raw.RoleDetailList[0].RolePolicyList[0].PolicyDocument = encoded;
      expect(readAuthorizationDetails(raw, "details.json").roles[0].inline[0].doc.statements[0].action).toEqual(["ssm:SendCommand"]);
    }
  });

  test.each([
    ["not authorization details", { Statement: [] }, /\(top level\): not the output of `aws iam get-account-authorization-details`/],
    ["one page of many", { ...buildAccount({}), IsTruncated: true, Marker: "abc" }, /IsTruncated: is true: this is one page of the result/],
    ["a list that is not one", { UserDetailList: {} }, /UserDetailList: must be a list/],
    [
      "a role without its name",
      (() => {
        const a = base();
        delete a.RoleDetailList[0].RoleName;
        return a;
      })(),
      /RoleDetailList\[0\]\.RoleName: must be a non-empty string/,
    ],
    [
      "a document that is no JSON",
      (() => {
        const a = base();
        a.RoleDetailList[0].RolePolicyList[0].PolicyDocument = "%7Bnot";
        return a;
      })(),
      /RoleDetailList\[0\]\.RolePolicyList\[0\]\.PolicyDocument: is not a policy document: neither JSON nor URL-encoded JSON/,
    ],
    [
      "a statement IAM would refuse",
      (() => {
        const a = base();
        a.RoleDetailList[0].RolePolicyList[0].PolicyDocument.Statement[0].Effect = "Permit";
        return a;
      })(),
      /RoleDetailList\[0\]\.RolePolicyList\[0\]\.PolicyDocument\.Statement\[0\]\.Effect: must be "Allow" or "Deny"/,
    ],
    [
      "a policy without its default version",
      (() => {
        const a = buildAccount({ policies: { P: { Version: "2012-10-17", Statement: [] } } }) as any;
        a.Policies[0].DefaultVersionId = "v9";
        return a;
      })(),
      /Policies\[0\]\.PolicyVersionList: holds no default version \(DefaultVersionId v9\)/,
    ],
    [
      "an ARN that is no IAM ARN",
      (() => {
        const a = base();
        a.RoleDetailList[0].Arn = "arn:aws:s3:::bucket";
        return a;
      })(),
      /RoleDetailList\[0\]\.Arn: must be an IAM ARN/,
    ],
    [
      "several accounts",
      (() => {
        const a = base();
        a.RoleDetailList.push({ ...a.RoleDetailList[0], Arn: "arn:aws:iam::444455556666:role/x" });
        return a;
      })(),
      /several accounts \(111122223333, 444455556666\): audit one account per file/,
    ],
  ])("refuses %s, naming the field", (_, raw, message) => {
    expect(read(raw)).toThrow(InputError);
    expect(read(raw)).toThrow(message);
  });

  test("the partition and account come from the principals' ARNs", () => {
    const raw = JSON.parse(JSON.stringify(base()).replace(/arn:aws:/g, "arn:aws-us-gov:"));
    expect(readAuthorizationDetails(raw, "details.json")).toMatchObject({ partition: "aws-us-gov", account: ACCOUNT });
  });
});

/**
 * tighten's output decides like a generated module: for every request of the access report's
 * catalogue (tagged, untagged, other value, hybrid nodes, approved and unapproved documents, own and
 * others' sessions, reads, the opt-in tag), the IAM simulator gives the same decision for the
 * tightened policy as for the module's policy of the matching profile, save for the actions the
 * input never granted, which tighten does not add (they stay denied). The input's decisions are
 * simulated too, to show what tightening changed.
 */
import { placeholders, reportRequests } from "../../../dev/access-report/resolve";
import { type RowDecision, decide } from "../../../dev/access-report/report";
import { covers } from "../../../src/analysis/lint/statement-scope";
import { readPolicy } from "../../../src/analysis/policy-input";
import { tighten, type TightenOptions } from "../../../src/analysis/tighten";
import { buildModule } from "../../../src/model/module";
import { envFor, evalPolicy } from "../../../src/model/policy-document";
import { DEFAULT_PROFILE } from "../../../src/profile/default-profile";
import { type Profile, type ProfileInput, ProfileSchema } from "../../../src/profile/schema";
import { fixture } from "../../support/inputs";

async function decisions(policy: object, profile: Profile): Promise<Record<string, RowDecision>> {
  const out: Record<string, RowDecision> = {};
  for (const r of reportRequests(profile)) out[r.id] = await decide(policy, r);
  return out;
}

const CASES: [string, () => object, Partial<TightenOptions>, ProfileInput][] = [
  ["the seed's default policy", () => fixture("seed-default.json"), {}, DEFAULT_PROFILE],
  ["the seed's tightened policy", () => fixture("seed-tightened.json"), {}, DEFAULT_PROFILE],
  [
    "a broad policy on hybrid nodes in one region and account, with --tag-value",
    () => ({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: ["ssm:SendCommand", "ssm:Describe*"],
          Resource: [
            "arn:aws:ec2:eu-west-1:111122223333:instance/*",
            "arn:aws:ssm:eu-west-1:111122223333:managed-instance/*",
            "arn:aws:ssm:eu-west-1::document/AWS-RunShellScript",
            "arn:aws:ssm:eu-west-1:111122223333:document/Team-Collect",
          ],
        },
      ],
    }),
    { tagValues: ["yes", "Yes"] },
    {
      name: "x",
      tag: { key: "CadoResponseSSMEnabled", values: ["yes", "Yes"] },
      hybridNodes: true,
      runCommand: { documents: ["AWS-RunShellScript", "Team-Collect"] },
      scope: { regions: ["eu-west-1"], accounts: ["111122223333"] },
    },
  ],
];

describe.each(CASES)("%s", (_, input, opts, expected) => {
  const profile = ProfileSchema.parse(expected);
  let tightened: Record<string, RowDecision>;
  let module: Record<string, RowDecision>;
  let before: Record<string, RowDecision>;
  beforeAll(async () => {
    // The report's principal account: tighten pins own documents to it (--account), as a plan pins them to its own.
    const account = placeholders(profile).values.account!;
    const { policy } = await tighten(input(), "input.json", { tagKey: "CadoResponseSSMEnabled", account, ...opts });
    const model = buildModule(profile);
    tightened = await decisions(policy, profile);
    module = await decisions(evalPolicy(model, envFor(model, "aws", {}, account)), profile);
    before = await decisions(input(), profile);
  });

  test("every request is decided as the generated module decides it, but those of actions the input never granted: they stay denied", () => {
    expect(Object.keys(tightened).length).toBeGreaterThan(30);
    const doc = readPolicy(input(), "input.json");
    const granted = (action: string) => doc.statements.some((s) => s.effect === "Allow" && covers(s, action));
    const requests = reportRequests(profile);
    const differing = requests.filter((r) => tightened[r.id] !== module[r.id]);
    expect(differing.filter((r) => granted(r.action)).map((r) => r.id)).toEqual([]);
    for (const r of differing) expect(tightened[r.id]).not.toBe("Allowed");
    expect(requests.filter((r) => granted(r.action)).length).toBeGreaterThan(10);
  });

  test("what tightening changed: untagged nodes and the opt-in tag closed, reads and own sessions open", () => {
    const changed = Object.keys(before).filter((id) => before[id] !== tightened[id]);
    expect(changed.length).toBeGreaterThan(0);
    expect(tightened["runCommand.instance.untagged"]).toBe("ImplicitlyDenied");
    expect(tightened["optInTag.add"]).toBe("ExplicitlyDenied");
    expect(tightened["reads.describeInstanceInformation"]).toBe("Allowed");
  });
});

test("the seed's default let Run Command reach untagged instances, and never allowed DescribeInstanceInformation", async () => {
  const before = await decisions(fixture("seed-default.json"), ProfileSchema.parse(DEFAULT_PROFILE));
  expect(before["runCommand.instance.untagged"]).toBe("Allowed");
  expect(before["reads.describeInstanceInformation"]).toBe("ImplicitlyDenied");
  expect(before["ownSessions.terminate.own"]).toBe("ImplicitlyDenied");
  expect(before["sessions.document.approved.0"]).toBe("ImplicitlyDenied");
});

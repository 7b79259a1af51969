/** Who can become a role with findings (trust policy and the principal's own policies), in one account or across several. */
import data from "../../cases/audit-reach.json";
import { auditAccount } from "../../../src/analysis/audit";
import { reachOf } from "../../../src/analysis/audit/reach";
import { readTrust } from "../../../src/analysis/audit/trust";
import { type CompactAccount, buildAccount } from "../../fixtures/audit/build-account";

test.each(data.cases.map((c) => [c.name, c] as const))("%s", async (_, c) => {
  const audits = await Promise.all(
    c.accounts.map((a, i) => auditAccount(buildAccount(a as CompactAccount), `account-${i}.json`, data.tag)),
  );
  const got = reachOf(audits, data.tag).map((r) => [r.principal, r.role, r.trustedBy, r.conditional, ...(r.chain ? [r.chain] : [])]);
  expect(got).toEqual(c.expect);
});

test("trust policies: one statement or several, principals as a string or a list, account ids and roots, services and identity providers", () => {
  const trust = readTrust({
    Statement: {
      Effect: "Allow",
      Principal: {
        AWS: ["111122223333", "arn:aws:iam::444455556666:root", "arn:aws:iam::444455556666:role/x"],
        Service: "ec2.amazonaws.com",
        Federated: "arn:aws:iam::111122223333:saml-provider/idp",
      },
      Action: ["sts:AssumeRole", "sts:AssumeRoleWithSAML"],
    },
  });
  expect(trust.map((t) => [t.kind, t.principal])).toEqual([
    ["account", "111122223333"],
    ["account", "444455556666"],
    ["principal", "arn:aws:iam::444455556666:role/x"],
    ["service", "ec2.amazonaws.com"],
    ["federated", "arn:aws:iam::111122223333:saml-provider/idp"],
  ]);
  expect(readTrust({ Statement: [{ Effect: "Allow", Principal: "*", Action: "sts:TagSession" }] })).toEqual([]);
});

test("the text report prints the shortest chain", async () => {
  const { mkdtempSync, rmSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const { runAsync } = await import("../../../src/cli/main");
  const chain = data.cases.find((c) => c.name.startsWith("a three-role chain"))!;
  const dir = mkdtempSync(join(tmpdir(), "audit-chain-"));
  try {
    const file = join(dir, "chain.json");
    writeFileSync(file, JSON.stringify(buildAccount(chain.accounts[0] as CompactAccount)));
    const r = await runAsync(["audit", file, "--tag-key", "OptIn", "--tag-value", "yes"], dir);
    expect(r.stdout).toMatch(
      /user alice \(arn:aws:iam::111122223333:user\/alice\)\n {4}can assume role c \(arn:aws:iam::111122223333:role\/c\): run-anywhere\n {6}through alice -> a -> b -> c\n {6}first step: its trust policy names it\n/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Scoped regions must exist in their partition (src/model/regions.ts), or be named as unlisted. */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { removeDir, tempDir } from "../../dev/terraform";
import { run } from "../../src/cli/main";
import { partitionOfRegion } from "../../src/model/partitions";
import { LONGEST_PARTITION } from "../../src/model/policy-size";
import { REGIONS } from "../../src/model/regions";

const profile = (scope: object) => ({
  name: "scoped",
  tag: { key: "OptIn", values: ["yes"] },
  runCommand: { documents: ["AWS-RunShellScript"] },
  scope,
});

function generate(scope: object) {
  const dir = tempDir("regions");
  try {
    writeFileSync(join(dir, "scoped-ssm.json"), JSON.stringify({ profiles: [profile(scope)] }));
    const r = run(["generate"], dir);
    return { ...r, wrote: existsSync(join(dir, "modules")) };
  } finally {
    removeDir(dir);
  }
}

test.each([
  ["eu-wset-1", "aws", "eu-west-1", ["eu-west-1", "us-east-1", "ap-southeast-7"]],
  ["us-gov-wset-1", "aws-us-gov", "us-gov-west-1", ["us-gov-east-1", "us-gov-west-1"]],
])(
  "%s is refused, naming the allowed regions of %s and the field that accepts a newer one; nothing is written",
  (region, partition, named) => {
    const r = generate({ regions: ["eu-west-1".startsWith(region.slice(0, 2)) ? "eu-west-1" : "us-gov-west-1", region] });
    expect(r.code).toBe(2);
    expect(r.wrote).toBe(false);
    expect(r.stderr).toContain(`profiles[0].scope.regions[1]: is not a region of partition ${partition}; allowed: `);
    for (const n of named) expect(r.stderr).toContain(n);
    expect(r.stderr).toContain("scope.unlistedRegions");
    expect(r.stderr).toContain(`"${region}"`);
  },
);

test("a region AWS opened after the table is accepted when the profile names it in scope.unlistedRegions", () => {
  expect(generate({ regions: ["eu-west-1", "eu-newpart-1"], unlistedRegions: ["eu-newpart-1"] }).code).toBe(0);
  const r = generate({ regions: ["eu-west-1"], unlistedRegions: ["eu-newpart-1"] });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("profiles[0].scope.unlistedRegions[0]: is not among scope.regions");
});

test("every region of the table belongs to the partition it is listed under", () => {
  for (const [partition, regions] of Object.entries(REGIONS))
    for (const r of regions) expect([r, partitionOfRegion(r)]).toEqual([r, partition]);
});

test("policy sizes are estimated in the partition with the longest name, so a split fits in every partition", () => {
  const partitions = Object.keys(REGIONS);
  for (const p of partitions) expect(p.length).toBeLessThanOrEqual(LONGEST_PARTITION.length);
  expect(partitions).toContain(LONGEST_PARTITION);
});

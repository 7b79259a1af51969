/** Messages a newcomer read wrong: each says what the input means, once. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { removeDir, tempDir } from "../../dev/terraform";
import { runAsync } from "../../src/cli/main";

let dir: string;
beforeAll(() => (dir = tempDir("messages")));
afterAll(() => removeDir(dir));

const policy = (name: string, ...Statement: object[]) => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ Version: "2012-10-17", Statement }));
  return file;
};
const findings = async (file: string) => JSON.parse((await runAsync(["lint", file, "--format", "json"], dir)).stdout).findings;

test("lint: ECS Exec on one cluster's tasks names the tasks these ARNs match, not every cluster and task", async () => {
  const file = policy("ecs.json", {
    Effect: "Allow",
    Action: "ecs:ExecuteCommand",
    Resource: ["arn:aws:ecs:eu-west-1:111122223333:cluster/prod", "arn:aws:ecs:eu-west-1:111122223333:task/prod/*"],
  });
  const [f] = (await findings(file)).filter((x: { ruleId: string }) => x.ruleId === "untagged-command-target");
  expect(f.message).toContain("every cluster and task these ARNs match is a target, tagged or not.");
  expect(f.message).not.toContain("every cluster, task is a target");
  const everywhere = policy("ecs-all.json", { Effect: "Allow", Action: "ecs:ExecuteCommand", Resource: "*" });
  const [g] = (await findings(everywhere)).filter((x: { ruleId: string }) => x.ruleId === "untagged-command-target");
  expect(g.message).toContain("every cluster and task is a target, tagged or not.");
});

test("lint: RemoveTagsFromResource may remove any tag, CreateTags may set any", async () => {
  const file = policy(
    "tags.json",
    { Effect: "Allow", Action: "ssm:RemoveTagsFromResource", Resource: "*" },
    { Effect: "Allow", Action: "ec2:CreateTags", Resource: "*" },
  );
  const all = await findings(file);
  const removal = all.find((x: { at: string }) => x.at === "ssm:RemoveTagsFromResource");
  expect(removal.message).toContain("so it may remove any tag");
  expect(removal.message).not.toContain("may set any tag");
  expect(all.find((x: { at: string }) => x.at === "ec2:CreateTags").message).toContain("so it may set any tag");
});

test("tighten: ECS Exec is said not to be something tighten scopes", async () => {
  const file = policy("ecs-tighten.json", {
    Effect: "Allow",
    Action: "ecs:ExecuteCommand",
    Resource: "arn:aws:ecs:eu-west-1:111122223333:cluster/prod",
  });
  const r = await runAsync(["tighten", file, "--tag-key", "IrOptIn"], dir);
  expect(r.stderr).toContain("ECS Exec (ecs:ExecuteCommand, in Statement[0]) is not something tighten scopes");
});

test("tighten of ssm:*: each action it covered is listed once", async () => {
  const file = policy("ssm-all.json", { Effect: "Allow", Action: "ssm:*", Resource: "*" });
  const r = await runAsync(["tighten", file, "--tag-key", "IrOptIn"], dir);
  const notKept = /not kept: ssm:\* in Statement\[0\] also covered (\d+) actions/.exec(r.stderr);
  expect(Number(notKept![1])).toBeGreaterThan(100);
  expect(r.stderr).toContain(`and the ${notKept![1]} not kept below`);
  for (const action of ["ssm:CancelCommand", "ssm:PutParameter", "ssm:GetParameter"])
    expect([action, r.stderr.match(new RegExp(`${action}(?![A-Za-z])`, "g"))?.length]).toEqual([action, 1]);
});

/** What the findings of the review's fixes say: ECS Exec's keys, removing a tag is not opting in, every tag path named. */
import { lintPolicy } from "../../support/lint";

const doc = (...Statement: object[]) => ({ Version: "2012-10-17", Statement });
const only = async (policy: unknown, ruleId: string) => (await lintPolicy(policy)).filter((f) => f.ruleId === ruleId);

test("ECS Exec without a tag: the fix names ecs:ResourceTag and aws:ResourceTag on the task or cluster", async () => {
  const [f] = await only(doc({ Effect: "Allow", Action: "ecs:ExecuteCommand", Resource: "*" }), "untagged-command-target");
  expect(f.fix).toMatch(/ecs:ResourceTag\/<opt-in key> = <value> \(or aws:ResourceTag\/<opt-in key>\)/);
  expect(f.fix).toMatch(/task and its cluster/);
  expect(f.fix).not.toMatch(/ssm:resourceTag/);
});

test("a pattern covering SSM and ECS Exec gets both fixes", async () => {
  const [f] = await only(doc({ Effect: "Allow", Action: "*", Resource: "*" }), "untagged-command-target");
  expect(f.fix).toMatch(/ssm:resourceTag\/<opt-in key>.*For ecs:ExecuteCommand: .*ecs:ResourceTag/);
});

test("DeleteTags withdraws a node from the platform; it does not opt one in", async () => {
  const [f] = await only(doc({ Effect: "Allow", Action: "ec2:DeleteTags", Resource: "*" }), "unprotected-tag-removal");
  expect(f.severity).toBe("warning");
  expect(f.message).toMatch(/take the opt-in tag off any node and so withdraw it from the platform\. It does not opt a node in\./);
  expect(await only(doc({ Effect: "Allow", Action: "ec2:DeleteTags", Resource: "*" }), "unprotected-tag-mutation")).toEqual([]);
});

test("each tag path says how it reaches a node", async () => {
  const [f] = await only(doc({ Effect: "Allow", Action: "ssm:CreateActivation", Resource: "*" }), "unprotected-tag-mutation");
  expect(f.message).toMatch(/a hybrid activation's tags go on every node registered with it/);
});

test("a tag condition beside the documents names the tag key and says the command never runs with them", async () => {
  const policy = doc({
    Effect: "Allow",
    Action: "ssm:SendCommand",
    Resource: ["arn:aws:ec2:*:*:instance/*", "arn:aws:ssm:*::document/AWS-RunShellScript"],
    Condition: { StringEquals: { "ssm:resourceTag/Opt": "yes" } },
  });
  const [f] = await only(policy, "tag-condition-on-documents");
  expect(f.message).toMatch(/only when it carries the tag Opt: documents carry no opt-in tag, so this statement never grants them/);
});

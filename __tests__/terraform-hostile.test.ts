/**
 * A sample of hostile strings through a real Terraform plan: the planned tags, description and
 * policy say exactly what the profile says, and IAM (simulated) reads the values literally.
 */
import { simulate } from "../dev/simulate";
import { planJson, removeDir, writeRoot } from "../dev/terraform";
import { writeModule } from "./support/modules";
import { buildModule } from "../src/model/module";
import { ProfileSchema } from "../src/profile/schema";

const KEY = 'a"b${c}%{d}\\e &{f} #g';
const VALUES = ["${aws:userid}", "x&{y}\n\t$${z}", ""];
const DESCRIPTION = 'Line one "quoted" ${not_a_var} %{if x}\nline two \\ end';

const profile = ProfileSchema.parse({
  name: "hostile",
  description: DESCRIPTION,
  tag: { key: KEY, values: VALUES },
  runCommand: { documents: ["AWS-RunShellScript"] },
});

let moduleDir: string;
let root: string;
let plan: any;
beforeAll(() => {
  moduleDir = writeModule(buildModule(profile));
  root = writeRoot({ moduleDir, region: "us-east-1", inputs: { opt_in_instance_ids: ["i-0123456789abcdef0"] } });
  plan = planJson(root);
});
afterAll(() => [moduleDir, root].forEach(removeDir));

const after = (type: string) => plan.resource_changes.find((r: any) => r.type === type).change.after;

test("the tag and the description are planned exactly as written", () => {
  expect(after("aws_ec2_tag")).toEqual({ resource_id: "i-0123456789abcdef0", key: KEY, value: VALUES[0] });
  expect(after("aws_iam_policy").description).toBe(DESCRIPTION);
});

test("the policy names the key as written and escapes '$' in values for IAM", () => {
  const policy = JSON.parse(after("aws_iam_policy").policy);
  const sendOnNodes = policy.Statement.find((s: any) => s.Sid === "SendCommandOnOptedInNodes");
  expect(sendOnNodes.Condition.StringEquals).toEqual({
    [`ssm:resourceTag/${KEY}`]: ["${$}{aws:userid}", "x&{y}\n\t${$}${$}{z}", ""],
  });
  const deny = policy.Statement.find((s: any) => s.Sid === "ProtectOptInTag");
  expect(deny.Condition["ForAnyValue:StringEqualsIgnoreCase"]["aws:TagKeys"]).toEqual(['a"b${$}{c}%{d}\\e &{f} #g']);
});

describe("IAM reads the planned values literally", () => {
  const instance = "arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0";
  const send = async (tag?: string) =>
    simulate([JSON.parse(after("aws_iam_policy").policy)], {
      action: "ssm:SendCommand",
      resource: instance,
      resourceTags: tag === undefined ? {} : { [KEY]: tag },
    });

  test("an instance tagged with the literal string ${aws:userid} is allowed", async () => {
    expect(await send("${aws:userid}")).toBe("Allowed");
    expect(await send(VALUES[1])).toBe("Allowed");
  });

  test("an instance tagged with the caller's actual user id is not", async () => {
    expect(await send("AROAEXAMPLEID:platform-session")).toBe("ImplicitlyDenied");
    expect(await send()).toBe("ImplicitlyDenied");
  });
});

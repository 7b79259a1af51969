/** The guardrail's tag administrator patterns: only forms aws:PrincipalArn can take. */
import { evalCheck } from "../../src/model/checks";
import { buildGuardrail } from "../../src/model/guardrail";
import { GUARDRAIL_VAR } from "../../src/model/policy";
import { DEFAULT_PROFILE } from "../../src/profile/default-profile";
import { ProfileSchema } from "../../src/profile/schema";

const variable = buildGuardrail(ProfileSchema.parse(DEFAULT_PROFILE)).variables.find(
  (v) => v.name === GUARDRAIL_VAR.tagAdminPrincipalArns,
)!;
/** The messages of the validations the value fails. */
const refusals = (value: string[]) =>
  variable.validations.filter((r) => !evalCheck(r.check, { [GUARDRAIL_VAR.tagAdminPrincipalArns]: value })).map((r) => r.message);

test.each([
  "arn:aws:sts::*:assumed-role/TagAdministrator/*",
  "arn:aws-us-gov:sts::111122223333:assumed-role/AWSReservedSSO_TagAdmin_0123456789abcdef/alice",
])("an assumed-role pattern is refused, with the role form in the message: %s", (pattern) => {
  const messages = refusals(["arn:aws:iam::*:role/TagAdministrator", pattern]);
  expect(messages).toHaveLength(1);
  expect(messages[0]).toContain("arn:PARTITION:iam::ACCOUNT:role/PATH/NAME");
  expect(messages[0]).toContain("arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_NAME_*");
});

test.each([
  "arn:aws:iam::*:role/TagAdministrator",
  "arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_TagAdmin_*",
  "arn:aws-us-gov:iam::111122223333:role/ops/TagAdministrator",
  "arn:aws:sts::111122223333:federated-user/tag-admin",
])("the role form (and other principal ARNs) pass: %s", (pattern) => {
  expect(refusals([pattern])).toEqual([]);
});

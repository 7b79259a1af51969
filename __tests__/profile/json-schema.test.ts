import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CONFIG_SCHEMA_FILE, renderConfigSchema } from "../../src/profile/json-schema";

test(`${CONFIG_SCHEMA_FILE} is current (regenerate with npm run schema)`, () => {
  expect(readFileSync(join(__dirname, "..", "..", CONFIG_SCHEMA_FILE), "utf8")).toBe(renderConfigSchema());
});

test("the JSON Schema carries the contract's key names and AWS's limits", () => {
  const schema = JSON.parse(renderConfigSchema());
  const profile = schema.properties.profiles.items;
  expect(Object.keys(profile.properties)).toEqual(
    expect.arrayContaining(["name", "tag", "runCommand", "sessions", "hybridNodes", "protectTag", "readActions", "scope"]),
  );
  expect(profile.additionalProperties).toBe(false);
  expect(profile.properties.tag.properties.key).toMatchObject({ minLength: 1, maxLength: 128 });
  expect(profile.properties.tag.properties.values.items).toMatchObject({ maxLength: 256 });
});

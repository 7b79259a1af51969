/** What tests feed the code: profiles by case, the JSON fixtures, and files written for a CLI run. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_PROFILE } from "../../src/profile/default-profile";
import { ProfileSchema, type Profile } from "../../src/profile/schema";

/** A case's profile: "default" names the embedded default, anything else is a profile as written. */
export const profileOf = (p: unknown): Profile => ProfileSchema.parse(p === "default" ? DEFAULT_PROFILE : p);

/** A JSON file of __tests__/fixtures/, parsed. */
export const fixture = (name: string): any => JSON.parse(readFileSync(join(__dirname, "..", "fixtures", name), "utf8"));

/** Writes value into dir (a string as it is, anything else as JSON) and returns the file's path. */
export function writeIn(dir: string, name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value));
  return file;
}

/** JSON files as Windows tools write them: with a UTF-8 byte order mark, or in UTF-16 (PowerShell 5's `>`). */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { removeDir, tempDir } from "../dev/terraform";
import { runAsync } from "../src/cli/main";
import { loadConfig } from "../src/profile/load";

const ROOT = join(__dirname, "..");
const ENCODINGS: [name: string, encode: (text: string) => Buffer][] = [
  ["UTF-8", (t) => Buffer.from(t, "utf8")],
  ["UTF-8 with a byte order mark", (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, "utf8")])],
  ["UTF-16LE with a byte order mark", (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, "utf16le")])],
  ["UTF-16BE with a byte order mark", (t) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(t, "utf16le").swap16()])],
];

let dir: string;
beforeAll(() => (dir = tempDir("encodings")));
afterAll(() => removeDir(dir));

// A value outside ASCII, so that a wrong decoding cannot pass by chance.
const CONFIG = JSON.stringify({
  profiles: [{ name: "enc", tag: { key: "Opt-ïn", values: ["jä"] }, runCommand: { documents: ["AWS-RunShellScript"] } }],
});
const SEED = readFileSync(join(ROOT, "__tests__/fixtures/seed-default.json"), "utf8");

test.each(ENCODINGS)("a config in %s reads as in UTF-8", (name, encode) => {
  const file = join(dir, `config-${name.replace(/\W+/g, "-")}.json`);
  writeFileSync(file, encode(CONFIG));
  const { config } = loadConfig(file);
  expect(config.profiles[0].tag).toMatchObject({ key: "Opt-ïn", values: ["jä"] });
});

test.each(ENCODINGS)("lint of a policy in %s finds what it finds in UTF-8", async (name, encode) => {
  const file = join(dir, `policy-${name.replace(/\W+/g, "-")}.json`);
  writeFileSync(file, encode(SEED));
  const plain = await runAsync(["lint", "__tests__/fixtures/seed-default.json", "--format", "json"], ROOT);
  const r = await runAsync(["lint", file, "--format", "json"], ROOT);
  expect(r.code).toBe(plain.code);
  const findings = (out: string) => JSON.parse(out).findings.map((f: { ruleId: string; at: string }) => [f.ruleId, f.at]);
  expect(findings(r.stdout)).toEqual(findings(plain.stdout));
});

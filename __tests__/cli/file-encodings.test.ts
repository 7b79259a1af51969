/** JSON files as Windows tools write them: with a UTF-8 byte order mark, or in UTF-16 (PowerShell 5's `>`). */
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { removeDir, tempDir } from "../../dev/terraform";
import { runAsync } from "../../src/cli/main";
import { loadConfig } from "../../src/profile/load";
import { decodeJsonFile } from "../../src/base/json";

const ROOT = join(__dirname, "..", "..");
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

describe("bytes that are not UTF-8", () => {
  // The config above, its tag value written in Latin-1 (é is one byte, 0xe9) as an old editor saves it.
  const LATIN1 = Buffer.from(
    '{\n  "profiles": [\n    {\n      "name": "enc",\n      "tag": { "key": "K", "values": ["café"] },\n      "runCommand": { "documents": ["AWS-RunShellScript"] }\n    }\n  ]\n}\n',
    "latin1",
  );
  const message = (line: number, column: number) => `not valid UTF-8 at line ${line}, column ${column}`;

  test("a config: exit 2, one message with the line and column, nothing written", async () => {
    const cwd = tempDir("latin1");
    try {
      writeFileSync(join(cwd, "scoped-ssm.json"), LATIN1);
      const r = await runAsync(["generate"], cwd);
      expect(r).toMatchObject({ code: 2, stdout: "" });
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      // Line 5, `      "tag": { "key": "K", "values": ["caf` is 42 characters.
      expect(r.stderr).toContain(`scoped-ssm.json: (top level): ${message(5, 43)}`);
      expect(r.stderr).toContain("save the file as UTF-8");
      expect(readdirSync(cwd)).toEqual(["scoped-ssm.json"]);
    } finally {
      removeDir(cwd);
    }
  });

  test("a policy for lint and tighten: exit 2 with the line and column", async () => {
    const file = join(dir, "latin1-policy.json");
    writeFileSync(file, Buffer.from(SEED.replace(/"Sid": "[^"]*"/, '"Sid": "Déjà"'), "latin1"));
    for (const command of [["lint"], ["tighten", "--tag-key", "K"]]) {
      const r = await runAsync([command[0], file, ...command.slice(1)], ROOT);
      expect(r).toMatchObject({ code: 2, stdout: "" });
      expect(r.stderr).toMatch(/not valid UTF-8 at line \d+, column \d+/);
    }
  });

  test.each([
    ["a lone continuation byte", [0x22, 0x80, 0x22], 1, 2],
    ["an overlong form of '/'", [0x22, 0xc0, 0xaf, 0x22], 1, 2],
    ["an encoded surrogate", [0x22, 0xed, 0xa0, 0x80, 0x22], 1, 2],
    ["a code point above U+10FFFF", [0x22, 0xf4, 0x90, 0x80, 0x80, 0x22], 1, 2],
    ["a sequence cut short by the end", [0x22, 0xe2, 0x82], 1, 2],
    ["after a valid 4-byte character, on line 2", [0x5b, 0x0a, 0x22, 0xf0, 0x9f, 0x98, 0x80, 0xff, 0x22], 2, 4],
  ])("%s is refused where it is", (_, bytes, line, column) => {
    expect(() => decodeJsonFile(Buffer.from(bytes))).toThrow(message(line, column));
  });

  test("well-formed UTF-8 of every length reads back", () => {
    const text = '["a", "é", "€", "😀"]';
    expect(decodeJsonFile(Buffer.from(text, "utf8"))).toBe(text);
  });
});

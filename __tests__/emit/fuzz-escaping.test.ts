/**
 * Hostile strings in every user field that reaches HCL, JSON or Markdown: each one either reads
 * back exactly as written or is rejected with a clear error naming the field.
 */
import fc from "fast-check";
import { readHcl } from "../support/hcl-read";
import { buildModule } from "../../src/model/module";
import { ProfileSchema } from "../../src/profile/schema";
import { renderModuleFiles } from "../../src/render/module-files";

/** Fragments that mean something in HCL, templates, IAM, Markdown or JSON. */
const DANGEROUS = [
  '"',
  "\\",
  "${",
  "%{",
  "$${",
  "%%{",
  "&{",
  "}",
  "$",
  "\n",
  "\r",
  "\t",
  "\u0000",
  "\u001b",
  "\u2028",
  "#",
  "//",
  "/*",
  "<<EOF",
  "|",
  "`",
  "<!--",
  "-->",
  "*",
  "?",
  "aws:",
  "é",
  "日本",
  "🙂",
  " ",
];

const hostile = fc
  .array(
    fc.oneof(fc.constantFrom(...DANGEROUS), fc.string({ unit: "grapheme", maxLength: 6 }), fc.string({ unit: "binary", maxLength: 4 })),
    {
      maxLength: 8,
    },
  )
  .map((parts) => parts.join(""));

const latin1Char = fc.oneof(
  fc.constantFrom("\t", "\n", "\r"),
  fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)),
);
/** Descriptions: IAM takes tab, newline, return and U+0020–U+00FF, so mostly those, sometimes anything. */
const description = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .array(
        fc.oneof(
          fc.constantFrom(...DANGEROUS.filter((d) => /^[\t\n\r\u0020-\u00ff]*$/.test(d))),
          fc.string({ unit: latin1Char, maxLength: 6 }),
        ),
        { maxLength: 8 },
      )
      .map((p) => p.join("")),
  },
  { weight: 1, arbitrary: hostile },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

const BASE = { name: "fuzz", runCommand: { documents: ["AWS-RunShellScript"] }, sessions: { documents: ["SSM-SessionManagerRunShell"] } };

// Bounded by runs, not by time: a time limit made the count depend on the machine's load.
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 100);

test(`hostile tag keys, tag values and descriptions read back exactly or are rejected (up to ${FUZZ_RUNS} cases)`, async () => {
  let accepted = 0;
  let tried = 0;
  await fc.assert(
    fc.asyncProperty(hostile, fc.array(hostile, { minLength: 1, maxLength: 3 }), description, async (key, values, description) => {
      tried++;
      const parsed = ProfileSchema.safeParse({ ...BASE, tag: { key, values }, description });
      if (!parsed.success) {
        // Rejected: every problem names a field and says what is allowed.
        for (const issue of parsed.error.issues) {
          expect(issue.path.length).toBeGreaterThan(0);
          expect(issue.message.length).toBeGreaterThan(5);
        }
        return;
      }
      accepted++;
      const files = renderModuleFiles(buildModule(parsed.data));
      const variables = await readHcl("variables.tf", files.get("variables.tf")!);
      const main = await readHcl("main.tf", files.get("main.tf")!);
      const p = parsed.data;
      expect(variables.variable.tag_key[0].default).toBe(p.tag.key);
      expect(variables.variable.tag_values[0].default).toEqual(p.tag.values);
      if (p.description !== undefined) expect(main.resource.aws_iam_policy.this[0].description).toBe(p.description);
      // Markdown: a value never breaks out of its line.
      const benign = renderModuleFiles(
        buildModule({ ...p, tag: { ...p.tag, key: "k", values: p.tag.values.map(() => "v") }, description: "d" }),
      );
      expect(files.get("README.md")!.split("\n").length).toBe(benign.get("README.md")!.split("\n").length);
    }),
    { numRuns: FUZZ_RUNS },
  );
  // The generator must accept most of what AWS accepts: the fuzz is not only testing rejection.
  expect(tried).toBe(FUZZ_RUNS);
  expect(accepted).toBeGreaterThan(tried / 4);
});

test("hostile document and policy names are rejected, never rendered", () => {
  fc.assert(
    fc.property(hostile, (name) => {
      const parsed = ProfileSchema.safeParse({ ...BASE, tag: { key: "k", values: ["v"] }, runCommand: { documents: [name] } });
      if (parsed.success) expect(name).toMatch(/^[a-zA-Z0-9_.-]{3,128}$/);
      else expect(parsed.error.issues[0].path).toEqual(["runCommand", "documents", 0]);
    }),
    { numRuns: 2000 },
  );
});

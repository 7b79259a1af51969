/** The JSON scanner that gives findings their lines agrees with JSON.parse on what is JSON. */
import fc from "fast-check";
import { JsonSyntaxError, jsonLines } from "../../../src/base/json";

const accepts = (text: string) => {
  try {
    jsonLines(text);
    return true;
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    return false;
  }
};
const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

test("accepts whatever JSON.stringify writes, indented or not", () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.constantFrom(0, 2, "\t"), (v, indent) => accepts(JSON.stringify(v, null, indent))),
    {
      numRuns: 200,
    },
  );
});

test("refuses exactly what JSON.parse refuses, for near-JSON text", () => {
  const nearJson = fc
    .tuple(
      fc.jsonValue().map((v) => JSON.stringify(v, null, 1)),
      fc.nat(),
      fc.constantFrom("", ",", "]", "}", '"', "x", "\\", "\n", "1", "-", "{", "["),
    )
    .map(([text, at, insert]) => {
      const i = at % (text.length + 1);
      return text.slice(0, i) + insert + text.slice(i);
    });
  fc.assert(
    fc.property(nearJson, (text) => accepts(text) === parses(text)),
    { numRuns: 500 },
  );
});

test("gives the line of each value", () => {
  const lines = jsonLines('{\n  "Statement": [\n    {"Sid": "a"},\n\n    {"Sid": "b"}\n  ]\n}');
  expect([lines([]), lines(["Statement"]), lines(["Statement", 0]), lines(["Statement", 1]), lines(["Statement", 1, "Sid"])]).toEqual([
    1, 2, 3, 5, 5,
  ]);
});

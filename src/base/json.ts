/**
 * Reading JSON: the one test for a JSON object, and the one reader of JSON text, used by the
 * config loader and by lint, tighten and audit. The reader says where a syntax error is (file,
 * line, column: Node's message does not always say), and gives the line of each value by path, so
 * that findings can point at the line of a statement (text output, SARIF regions).
 */
import { InputError } from "./errors";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A JSON object: not null, not a list. */
export function isObject(v: Json): v is JsonObject;
export function isObject(v: unknown): v is Record<string, unknown>;
export function isObject(v: unknown): boolean {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export type JsonPath = (string | number)[];

/** Bytes that are not UTF-8 (a Latin-1 `é`, say): where the first bad byte is, in the file's lines. */
export class NotUtf8Error extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
  ) {
    super(
      `not valid UTF-8 at line ${line}, column ${column}: JSON files must be UTF-8 (or UTF-16 with a byte order mark); save the file as UTF-8`,
    );
    this.name = "NotUtf8Error";
  }
}

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstBadUtf8Byte(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    // Lead byte: the sequence length and the range its second byte must fall in (no overlong forms,
    // no surrogates, nothing above U+10FFFF).
    const [n, lo, hi] =
      b < 0x80
        ? [1, 0, 0]
        : b >= 0xc2 && b <= 0xdf
          ? [2, 0x80, 0xbf]
          : b === 0xe0
            ? [3, 0xa0, 0xbf]
            : b === 0xed
              ? [3, 0x80, 0x9f]
              : b >= 0xe1 && b <= 0xef
                ? [3, 0x80, 0xbf]
                : b === 0xf0
                  ? [4, 0x90, 0xbf]
                  : b >= 0xf1 && b <= 0xf3
                    ? [4, 0x80, 0xbf]
                    : b === 0xf4
                      ? [4, 0x80, 0x8f]
                      : [0, 0, 0];
    if (n === 0) return i;
    for (let k = 1; k < n; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n;
  }
  return -1;
}

/**
 * A JSON file's text: UTF-8, or UTF-16 with its byte order mark, as Windows tools write it (PowerShell 5's
 * `>` writes UTF-16LE); a UTF-8 byte order mark is dropped (RFC 8259 lets a reader ignore it). Bytes that
 * are not UTF-8 throw NotUtf8Error (decoding them would put U+FFFD in the user's values silently).
 */
export function decodeJsonFile(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString("utf16le");
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2)))
      .swap16()
      .toString("utf16le");
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    const bad = firstBadUtf8Byte(bytes);
    const lineStart = bytes.lastIndexOf(0x0a, bad - 1) + 1;
    const line = bytes.subarray(0, lineStart).filter((b) => b === 0x0a).length + 1;
    // Columns count characters, as the syntax errors' do.
    throw new NotUtf8Error(line, bytes.subarray(lineStart, bad).toString("utf8").length + 1);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export class JsonSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    what: string,
  ) {
    super(`malformed JSON at line ${line}, column ${column}: ${what}`);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

/** Scans the text as JSON; throws JsonSyntaxError at the first error; else returns the line of each value. */
export function jsonLines(text: string): (path: JsonPath) => number | undefined {
  const lines = new Map<string, number>();
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const fail = (what?: string): never => {
    const found = i >= text.length ? "end of input" : `${JSON.stringify(text[i])}`;
    throw new JsonSyntaxError(line, i - lineStart + 1, what ?? `unexpected ${found}`);
  };
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) {
      if (text[i] === "\n") {
        line++;
        lineStart = i + 1;
      }
      i++;
    }
  };
  const expect = (c: string) => {
    ws();
    if (text[i] !== c) fail(`expected ${JSON.stringify(c)}, found ${i >= text.length ? "end of input" : JSON.stringify(text[i])}`);
    i++;
  };
  const str = (): string => {
    if (text[i] !== '"') fail("expected a string");
    const start = i++;
    while (text[i] !== '"') {
      if (i >= text.length || text.charCodeAt(i) < 0x20) {
        i = start;
        fail("unterminated string");
      }
      if (text[i] === "\\") {
        i++;
        if (text[i] === "u" ? !/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5)) : !'"\\/bfnrt'.includes(text[i] ?? "")) fail("bad escape");
        i += text[i] === "u" ? 5 : 1;
      } else i++;
    }
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const token = (re: RegExp) => {
    re.lastIndex = i;
    if (!re.test(text)) return false;
    i = re.lastIndex;
    return true;
  };
  const value = (path: JsonPath): void => {
    ws();
    lines.set(JSON.stringify(path), line);
    const c = text[i];
    if (c === "{" || c === "[") {
      // An object's members and a list's elements: the same loop, keyed by name or by position.
      const close = c === "{" ? "}" : "]";
      i++;
      ws();
      if (text[i] === close) return void i++;
      for (let n = 0; ; n++) {
        let key: string | number = n;
        if (c === "{") {
          ws();
          key = str();
          expect(":");
        }
        value([...path, key]);
        ws();
        if (text[i] === close) return void i++;
        expect(",");
      }
    } else if (c === '"') str();
    else if (!token(NUMBER) && !token(LITERAL)) fail();
  };
  value([]);
  ws();
  if (i < text.length) fail();
  return (path) => lines.get(JSON.stringify(path));
}

/** JSON text read: the value, and the line each value starts on, by path. */
export interface ParsedJson {
  value: unknown;
  lines: (path: JsonPath) => number | undefined;
}

/**
 * Parses JSON text; a syntax error is an InputError that names the file, the line and the column,
 * on one line. `hint` adds to the message what the text seems to be instead (the caller knows).
 */
export function parseJson(text: string, file: string, hint: (text: string, file: string) => string = () => ""): ParsedJson {
  try {
    const lines = jsonLines(text);
    return { value: JSON.parse(text), lines };
  } catch (e) {
    const message = e instanceof JsonSyntaxError ? e.message : `malformed JSON: ${(e as Error).message.replace(/\s+/g, " ")}`;
    throw new InputError([{ file, path: "", message: `${message}${hint(text, file)}` }]);
  }
}

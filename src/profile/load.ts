import { existsSync, readFileSync } from "node:fs";
import { DEFAULT_PROFILE } from "./default-profile";
import { InputError, type InputProblem } from "./errors";
import { ConfigSchema, type Config } from "./schema";

export const DEFAULT_CONFIG_FILE = "scoped-ssm.json";
export const EMBEDDED = "(embedded default profile)";

/** JSON.parse, with the error placed at a line and column. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const pos = /position (\d+)/.exec(message);
    let where = "";
    if (pos) {
      const before = text.slice(0, Number(pos[1]));
      const line = before.split("\n").length;
      const column = before.length - before.lastIndexOf("\n");
      where = ` at line ${line}, column ${column}`;
    }
    throw new InputError([{ file, path: "", message: `malformed JSON${where}: ${message.replace(/ in JSON at.*$/, "")}` }]);
  }
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let v: any = root;
  for (const k of path) v = v == null ? undefined : v[k as any];
  return v;
}

const pathText = (path: PropertyKey[]) =>
  path.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join("");

/** Validates a parsed config; every problem is reported, not only the first. */
export function validateConfig(raw: unknown, file: string): Config {
  const result = ConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems: InputProblem[] = result.error.issues.map((issue) => {
    const path = issue.path as PropertyKey[];
    if (issue.code === "unrecognized_keys") {
      return {
        file,
        path: pathText([...path, issue.keys[0]]),
        message: `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")} (a typo must not change access)`,
      };
    }
    const value = valueAt(raw, path);
    return { file, path: pathText(path), message: issue.message, value };
  });
  problems.sort((a, b) => a.path.localeCompare(b.path, "en", { numeric: true }));
  throw new InputError(problems);
}

export interface LoadedConfig {
  config: Config;
  /** The file it came from, or EMBEDDED. */
  source: string;
}

/**
 * The config the CLI and main.ts use: the given file, else ./scoped-ssm.json when present, else the
 * embedded default profile.
 */
export function loadConfig(file?: string, cwd = process.cwd()): LoadedConfig {
  const path = file ?? (existsSync(`${cwd}/${DEFAULT_CONFIG_FILE}`) ? `${cwd}/${DEFAULT_CONFIG_FILE}` : undefined);
  if (!path) return { config: validateConfig({ profiles: [DEFAULT_PROFILE] }, EMBEDDED), source: EMBEDDED };
  const shownName = file ?? DEFAULT_CONFIG_FILE;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new InputError([{ file: shownName, path: "", message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? e}` }]);
  }
  return { config: validateConfig(parseJson(text, shownName), shownName), source: shownName };
}

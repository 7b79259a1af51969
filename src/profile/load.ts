import { existsSync, readFileSync } from "node:fs";
import { NotUtf8Error, decodeJsonFile, parseJson as readJson } from "../base/json";
import { defaultConfig } from "./default-profile";
import { InputError } from "../base/errors";
import { problemsOf } from "./problems";
import type { Config } from "./schema";

export const DEFAULT_CONFIG_FILE = "scoped-ssm.json";
export const EMBEDDED = "(embedded default profile)";

/** The config file's JSON; a syntax error names the file, the line and the column. */
export const parseJson = (text: string, file: string): unknown => readJson(text, file).value;

/** Validates a parsed config; every problem is reported, not only the first. */
export function validateConfig(raw: unknown, file: string): Config {
  // zod and the schemas load only when a config file is read: the embedded default needs neither.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ConfigSchema } = require("./schema") as typeof import("./schema");
  const result = ConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new InputError(problemsOf(result.error, raw, file, ConfigSchema));
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
  if (!path) return { config: defaultConfig(), source: EMBEDDED };
  const shownName = file ?? DEFAULT_CONFIG_FILE;
  let text: string;
  try {
    text = decodeJsonFile(readFileSync(path));
  } catch (e) {
    if (e instanceof NotUtf8Error) throw new InputError([{ file: shownName, path: "", message: e.message }]);
    throw new InputError([{ file: shownName, path: "", message: `cannot read the config: ${readFailure(e)}` }]);
  }
  return { config: validateConfig(parseJson(text, shownName), shownName), source: shownName };
}

/** What a failed read means, in words rather than a system code. */
export function readFailure(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "it is a folder, not a file";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ENOTDIR") return "a part of the path is a file, not a folder";
  return (e as Error).message ?? String(e);
}

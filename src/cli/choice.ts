import { InputError } from "../base/errors";

/** An option's value among the allowed ones, or its default; anything else is the user's error. */
export function choice<T extends string>(option: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new InputError([{ file: "command line", path: option, message: `must be one of ${allowed.join(", ")}`, value }]);
}

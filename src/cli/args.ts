import { InputError } from "../profile/errors";

export interface ParsedArgs {
  command?: string;
  positionals: string[];
  options: Record<string, string | string[] | true>;
}

/** Options that take a value; every other option is a flag. Unknown options are errors. */
export function parseArgs(argv: string[], valued: string[], flags: string[], repeatable: string[] = []): ParsedArgs {
  const out: ParsedArgs = { positionals: [], options: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith("--")) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
      if (valued.includes(name)) {
        const value = inline ?? argv[++i];
        if (value === undefined) throw new InputError([{ file: "command line", path: `--${name}`, message: "needs a value" }]);
        if (repeatable.includes(name)) out.options[name] = [...((out.options[name] as string[]) ?? []), value];
        else out.options[name] = value;
      } else if (flags.includes(name) && inline === undefined) out.options[name] = true;
      else
        throw new InputError([
          {
            file: "command line",
            path: a,
            message: `unknown option (allowed: ${[...valued, ...flags].map((o) => `--${o}`).join(", ")})`,
          },
        ]);
    } else if (out.command === undefined) out.command = a;
    else out.positionals.push(a);
  }
  return out;
}

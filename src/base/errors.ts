/** One problem with the user's input: where it is, what was given, what is allowed. */
export interface InputProblem {
  file: string;
  path: string;
  message: string;
  value?: unknown;
}

/** Bad input: the CLI prints the problems and exits 2; nothing is written. */
export class InputError extends Error {
  constructor(readonly problems: InputProblem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "InputError";
  }
}

const shown = (value: unknown): string => {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

export function formatProblem(p: InputProblem): string {
  const value = "value" in p && p.value !== undefined ? ` (got ${shown(p.value)})` : "";
  return `${p.file}: ${p.path || "(top level)"}: ${p.message}${value}`;
}

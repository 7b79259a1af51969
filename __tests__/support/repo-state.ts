/**
 * The checks the suite runs against a checkout's generated files, for the config in force there
 * (./scoped-ssm.json, else the embedded default profile). Each problem names the command that fixes it.
 */
import { writeAccessReports } from "../../dev/access-report/write";
import { run } from "../../src/cli/main";

export async function generatedFileProblems(root: string): Promise<string[]> {
  const problems: string[] = [];
  const modules = run(["check"], root);
  if (modules.code !== 0) problems.push(modules.stderr);
  const reports = await writeAccessReports({ cwd: root, check: true });
  if (reports.code !== 0) problems.push(reports.stderr);
  return problems;
}

/** The first line where two texts differ, for a failure message. */
export function firstDifference(actual: string, expected: string): string {
  const a = actual.split("\n");
  const e = expected.split("\n");
  const i = a.findIndex((line, n) => line !== e[n]);
  const at = i < 0 ? a.length : i;
  return `first difference at line ${at + 1}:\n- ${e[at] ?? "(end)"}\n+ ${a[at] ?? "(end)"}`;
}

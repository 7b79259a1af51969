import { isAbsolute, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { Finding, RuleMeta, Severity } from "./lint/types";
import { statementName } from "./policy-input";

/**
 * SARIF 2.1.0, the format code-scanning tools read: one run, the rules in tool.driver.rules, each
 * finding a result that points at the file (and line) of its statement.
 */
export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", note: "note" };

export const uriOf = (file: string) => (isAbsolute(file) ? pathToFileURL(file).href : encodeURI(file.split(sep).join("/")));

/** `untagged-command-target` → `UntaggedCommandTarget`: SARIF's rule name is an identifier. */
export const ruleName = (id: string) => id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());

/** A SARIF log of one run of one tool (lint's, audit's): the tool, its rules, and the results. */
export const sarifLog = (driver: { name: string; version: string; rules: object[] }, results: object[]) => ({
  $schema: SARIF_SCHEMA,
  version: "2.1.0",
  runs: [{ tool: { driver }, results }],
});

export function toSarif(findings: Finding[], rules: readonly RuleMeta[], version: string): object {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  return sarifLog(
    {
      name: "scoped-ssm",
      version,
      rules: rules.map((r) => ({
        id: r.id,
        name: ruleName(r.id),
        shortDescription: { text: r.summary },
        fullDescription: { text: `${r.summary} ${r.help}` },
        help: { text: r.help },
        defaultConfiguration: { level: LEVEL[r.severity] },
      })),
    },
    findings.map((f) => {
      const statement = statementName(f.statement);
      return {
        ruleId: f.ruleId,
        ruleIndex: index.get(f.ruleId),
        level: LEVEL[f.severity],
        message: { text: `${f.message} Fix: ${f.fix}` },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: uriOf(f.file) },
              ...(f.line !== undefined ? { region: { startLine: f.line } } : {}),
            },
            logicalLocations: [{ fullyQualifiedName: f.address ? `${f.address}/${statement}` : statement, kind: "object" }],
          },
        ],
        properties: { at: f.at, fix: f.fix, statementIndex: f.statement.index, ...(f.statement.sid ? { sid: f.statement.sid } : {}) },
      };
    }),
  );
}

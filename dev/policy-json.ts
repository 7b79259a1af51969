/**
 * Canonical form of an IAM policy document, so that policies from different sources (the model,
 * a Terraform plan, a CDKTF synth) compare equal when IAM would read them the same way.
 */
export interface CanonicalStatement {
  Sid?: string;
  Effect: string;
  Action?: string[];
  NotAction?: string[];
  Resource?: string[];
  NotResource?: string[];
  Condition?: Record<string, Record<string, string[]>>;
}

const arr = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]).sort();

export function canonicalPolicy(doc: string | object): { Version: string; Statement: CanonicalStatement[] } {
  const d: any = typeof doc === "string" ? JSON.parse(doc) : doc;
  const statements = (Array.isArray(d.Statement) ? d.Statement : [d.Statement]).map((s: any) => {
    const out: any = { Effect: s.Effect };
    if (s.Sid !== undefined) out.Sid = s.Sid;
    for (const k of ["Action", "NotAction", "Resource", "NotResource"]) if (s[k] !== undefined) out[k] = [...new Set(arr(s[k]))];
    if (s.Condition) {
      out.Condition = {};
      for (const op of Object.keys(s.Condition).sort()) {
        out.Condition[op] = {};
        for (const key of Object.keys(s.Condition[op]).sort()) out.Condition[op][key] = [...new Set(arr(s.Condition[op][key]))];
      }
    }
    return out as CanonicalStatement;
  });
  statements.sort((a: CanonicalStatement, b: CanonicalStatement) => (a.Sid ?? "").localeCompare(b.Sid ?? ""));
  return { Version: d.Version, Statement: statements };
}

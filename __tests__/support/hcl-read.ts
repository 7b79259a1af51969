import { parse } from "@cdktf/hcl2json";

/**
 * Reads a value back out of HCL as Terraform would: hcl2json keeps strings in Terraform's JSON
 * template form, where `$${` stands for `${` and `%%{` for `%{`.
 */
export function untemplate(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    if ((s[i] === "$" || s[i] === "%") && s[i + 1] === s[i] && s[i + 2] === "{") {
      out += `${s[i]}{`;
      i += 2;
    } else out += s[i];
  }
  return out;
}

const deep = (v: unknown): unknown =>
  typeof v === "string"
    ? untemplate(v)
    : Array.isArray(v)
      ? v.map(deep)
      : v && typeof v === "object"
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deep(x)]))
        : v;

/** Parses HCL and returns its blocks with literal strings read back. */
export async function readHcl(name: string, content: string): Promise<any> {
  return deep(await parse(name, content));
}

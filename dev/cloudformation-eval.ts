/**
 * A small evaluator of the CloudFormation intrinsic functions the StackSet template uses (Ref,
 * Fn::Sub, Fn::Join, Fn::If with its conditions), for tests: what CloudFormation makes of the
 * template's values for given parameters. Refuses any function it does not know, rather than guess.
 */
export interface CfnContext {
  /** Parameter values as the stack receives them (strings, as Terraform passes them). */
  parameters: Record<string, string>;
  partition: string;
  account: string;
}

/** Each parameter's value: the given one, else the template's default; lists split on commas. */
function parameterValues(template: any, given: Record<string, string>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, p] of Object.entries<any>(template.Parameters ?? {})) {
    const raw = given[name] ?? (p.Default === undefined ? undefined : String(p.Default));
    if (raw === undefined) throw new Error(`parameter ${name} has no value and no default`);
    out[name] = p.Type === "CommaDelimitedList" ? raw.split(",") : raw;
  }
  return out;
}

export function cfnEvaluator(template: any, ctx: CfnContext) {
  const params: Record<string, string | string[]> = {
    ...parameterValues(template, ctx.parameters),
    "AWS::Partition": ctx.partition,
    "AWS::AccountId": ctx.account,
  };
  const ref = (name: string) => {
    if (!(name in params)) throw new Error(`Ref to unknown ${name}`);
    return params[name];
  };
  const condition = (name: string): boolean => {
    const c = template.Conditions?.[name];
    if (c === undefined) throw new Error(`unknown condition ${name}`);
    return evaluate(c) as boolean;
  };
  const sub = (text: string, vars: Record<string, unknown>): string =>
    text.replace(/\$\{(!?)([^}]*)\}/g, (_, bang: string, name: string) => {
      if (bang) return `\${${name}}`;
      const v = name in vars ? vars[name] : ref(name);
      if (typeof v !== "string") throw new Error(`Fn::Sub of a list: ${name}`);
      return v;
    });
  function evaluate(v: any): unknown {
    if (Array.isArray(v)) return v.map(evaluate);
    if (!v || typeof v !== "object") return v;
    const keys = Object.keys(v);
    const fn = keys.length === 1 && (keys[0] === "Ref" || keys[0] === "Condition" || keys[0].startsWith("Fn::")) ? keys[0] : undefined;
    if (!fn) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, evaluate(x)]));
    const arg = v[fn];
    switch (fn) {
      case "Ref":
        return ref(arg);
      case "Condition":
        return condition(arg);
      case "Fn::Sub":
        return typeof arg === "string"
          ? sub(arg, {})
          : sub(arg[0], Object.fromEntries(Object.entries<any>(arg[1]).map(([k, x]) => [k, evaluate(x)])));
      case "Fn::Join":
        return (evaluate(arg[1]) as string[]).join(arg[0]);
      case "Fn::If":
        return condition(arg[0]) ? evaluate(arg[1]) : evaluate(arg[2]);
      case "Fn::Equals":
        return JSON.stringify(evaluate(arg[0])) === JSON.stringify(evaluate(arg[1]));
      case "Fn::Not":
        return !evaluate(arg[0]);
      case "Fn::And":
        return (arg as any[]).every((x) => evaluate(x));
      case "Fn::Or":
        return (arg as any[]).some((x) => evaluate(x));
      default:
        throw new Error(`the evaluator does not know ${fn}`);
    }
  }
  return { evaluate, condition };
}

/** Each managed policy's document, as the stack would create it for these parameters. */
export function templatePolicyDocuments(templateText: string, ctx: CfnContext): object[] {
  const template = JSON.parse(templateText);
  const { evaluate } = cfnEvaluator(template, ctx);
  return Object.values<any>(template.Resources)
    .filter((r) => r.Type === "AWS::IAM::ManagedPolicy")
    .map((r) => {
      const doc = evaluate(r.Properties.PolicyDocument);
      return (typeof doc === "string" ? JSON.parse(doc) : doc) as object;
    });
}

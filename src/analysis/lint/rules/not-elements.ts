import type { RawFinding, RuleFamily } from "../types";

/** Allow with NotAction or NotResource grants everything not listed, including what appears later. */
export const notElementRules: RuleFamily = {
  rules: [
    {
      id: "allow-with-not-action",
      severity: "warning",
      summary: "An Allow statement with NotAction.",
      help: "It grants every action of every service except those listed, including actions AWS adds later; the tag-scoping rules then judge every command action it leaves in.",
    },
    {
      id: "allow-with-not-resource",
      severity: "warning",
      summary: "An Allow statement with NotResource.",
      help: "It grants its actions on every resource except those listed, including resources of types nobody thought of.",
    },
  ],
  check({ facts }) {
    const out: RawFinding[] = [];
    for (const { statement: s } of facts) {
      if (s.effect !== "Allow") continue;
      if (s.notAction)
        out.push({
          ruleId: "allow-with-not-action",
          statement: s,
          at: "NotAction",
          message: `Allow with NotAction grants every action except ${s.notAction.join(", ")}.`,
          fix: "List the actions to allow in Action instead.",
        });
      if (s.notResource)
        out.push({
          ruleId: "allow-with-not-resource",
          statement: s,
          at: "NotResource",
          message: `Allow with NotResource grants on every resource except ${s.notResource.join(", ")}.`,
          fix: "List the resources to allow in Resource instead.",
        });
    }
    return out;
  },
};

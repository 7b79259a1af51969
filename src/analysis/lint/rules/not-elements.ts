import type { RuleFamily } from "../types";

/** The two elements, as a finding names them. */
const NOT_ELEMENTS = [
  { field: "notAction", element: "NotAction", ruleId: "allow-with-not-action", grants: "every action", listed: "actions" },
  { field: "notResource", element: "NotResource", ruleId: "allow-with-not-resource", grants: "on every resource", listed: "resources" },
] as const;

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
  *check({ facts }) {
    for (const { statement: s } of facts)
      for (const e of NOT_ELEMENTS) {
        const except = s.effect === "Allow" ? s[e.field] : undefined;
        if (except)
          yield {
            ruleId: e.ruleId,
            statement: s,
            at: e.element,
            message: `Allow with ${e.element} grants ${e.grants} except ${except.join(", ")}.`,
            fix: `List the ${e.listed} to allow in ${e.element.slice(3)} instead.`,
          };
      }
  },
};

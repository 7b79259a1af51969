// ESLint (typescript-eslint) and the import boundaries that keep the architecture honest:
// src/ never loads the development harness or the AGPL simulator, and each folder of src/ imports
// only the floors below it (FLOORS).
import tseslint from "typescript-eslint";

const AGPL = {
  group: ["@cloud-copilot/iam-simulate", "@cloud-copilot/iam-policy"],
  message: "AGPL-3.0: tests and development scripts only.",
};
const DEV = { group: ["**/dev/**", "**/__tests__/**"], message: "src/ never imports the development harness." };
// The framework is imported in src/cdktf/ alone, so that the cdktn build (scripts/build-cdktn.ts) is a
// mechanical swap of that folder's imports. (A leading "/" anchors a pattern: "./cdktf/x" is fine.)
const FRAMEWORK = {
  group: ["/cdktf", "/cdktf/**", "/cdktn", "/cdktn/**", "@cdktf/*", "@cdktn/*", "/constructs", "/constructs/**"],
  message: "Framework imports live in src/cdktf/ only.",
};
// The floors of src/, stated once: each folder imports only the folders listed for it (and itself).
// base/ is the ground floor (InputError, the JSON reader); the model and the profile stand on it; the
// emitters translate the model; the handlebars and CDKTF renderers, the file system (io/) and the
// analysis stand on those; the CLI, generate.ts and the index files on top may import anything.
const SRC = ["base", "model", "profile", "emit", "render", "cdktf", "io", "analysis", "cli", "generate"];
const FLOORS = {
  base: [],
  model: ["base", "profile"],
  profile: ["base", "model"],
  emit: ["base", "model", "profile"],
  render: ["base", "model", "profile", "emit"],
  cdktf: ["base", "model", "profile", "emit"],
  io: ["base", "model", "profile"],
  analysis: ["base", "model", "profile", "emit", "io"],
};
const floor = (folder) => {
  const others = SRC.filter((n) => n !== folder && !FLOORS[folder].includes(n));
  const allowed = FLOORS[folder].length ? `only ${FLOORS[folder].join(", ")}` : "nothing else of src/ (the ground floor)";
  return { group: others.flatMap((n) => [`**/${n}`, `**/${n}/**`]), message: `src/${folder}/ imports ${allowed}.` };
};
const restrict = (...patterns) => ({ "no-restricted-imports": ["error", { patterns: [AGPL, DEV, ...patterns] }] });

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "node_modules/**",
      "cdktf.out/**",
      "modules/**",
      "coverage/**",
      ".stryker-tmp/**",
      "reports/**",
      "**/*.js",
      "**/*.mjs",
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  // Tests may require() JSON fixtures.
  { files: ["__tests__/**/*.ts"], rules: { "@typescript-eslint/no-require-imports": "off" } },
  { files: ["src/**/*.ts"], ignores: ["src/cdktf/**"], rules: restrict(FRAMEWORK) },
  { files: ["main.ts"], rules: restrict() },
  ...Object.keys(FLOORS).map((folder) => ({
    files: [`src/${folder}/**/*.ts`],
    rules: restrict(
      floor(folder),
      ...(folder === "cdktf" ? [] : [FRAMEWORK]),
      ...(["base", "model", "profile"].includes(folder)
        ? [{ group: ["/handlebars"], message: "The model, the profile and base are plain data: no handlebars." }]
        : []),
    ),
  })),
);

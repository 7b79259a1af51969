// ESLint (typescript-eslint) and the import boundaries that keep the architecture honest:
// src/ never loads the development harness or the AGPL simulator; the model imports no renderer;
// the emitters and renderers do not import each other's layers.
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
const layer = (names, message) => ({ group: names.flatMap((n) => [`**/${n}`, `**/${n}/**`]), message });
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
  {
    files: ["src/model/**/*.ts", "src/profile/**/*.ts"],
    rules: restrict(
      layer(["emit", "render", "cdktf", "analysis", "cli"], "The model and the profile import no renderer, emitter or tool."),
      // io/json is plain parsing (no file system): the config loader reads its JSON with the reader lint uses.
      // (gitignore syntax cannot re-include a file in an excluded folder, hence io/** less io/json.)
      { group: ["**/io/**", "!**/io/json"], message: "The model and the profile import no tool but io/json." },
      {
        group: ["/cdktf", "/cdktn", "@cdktf/*", "@cdktn/*", "/constructs", "/handlebars"],
        message: "The model is plain data: no CDKTF, no handlebars.",
      },
    ),
  },
  {
    files: ["src/emit/**/*.ts"],
    rules: restrict(FRAMEWORK, layer(["render", "cdktf", "analysis", "cli"], "Emitters translate the model; they import no renderer.")),
  },
  {
    files: ["src/render/**/*.ts"],
    rules: restrict(FRAMEWORK, layer(["cdktf", "analysis", "cli"], "The handlebars renderer does not import the CDKTF renderer.")),
  },
  {
    files: ["src/cdktf/**/*.ts"],
    rules: restrict(layer(["render", "analysis", "cli"], "The CDKTF renderer does not import the handlebars renderer.")),
  },
);

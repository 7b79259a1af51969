import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import type { TemplateDelegate } from "handlebars";
import Runtime from "handlebars/runtime";

let foundDir: string | undefined;

/** The templates/ folder of this package, found from this file whether run from src/ or dist/ (once a process). */
export function templatesDir(): string {
  if (foundDir) return foundDir;
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, "templates", "module", "main.tf.hbs"))) return (foundDir = join(dir, "templates"));
  }
  throw new Error(`templates/ not found above ${__dirname}`);
}

/** No HTML escaping (templates emit HCL and Markdown, values arrive escaped for them); unknown names fail. */
export const COMPILE_OPTIONS = { noEscape: true, strict: true } as const;

/** Beside the compiled templates.js in dist/: every template compiled at build (scripts/precompile-templates.ts). */
export const PRECOMPILED_FILE = "templates.precompiled.js";

type Spec = Parameters<typeof Runtime.template>[0];
/** A handlebars environment: its partials serve the templates it makes. */
type Env = Pick<typeof Runtime, "registerPartial">;

/**
 * The templates by path under templates/ (module/main.tf.hbs, partials/x.hbs): the build's
 * precompiled specs and handlebars' runtime when present, else the compiler on the sources (a
 * checkout run through Jest, which has no build).
 */
function load(): { env: Env; get: (name: string) => TemplateDelegate } {
  // dist/src/render/, found from this file's folder or from the CLI's bundle in dist/src/cli/.
  const precompiled = join(__dirname, "..", "render", PRECOMPILED_FILE);
  if (existsSync(precompiled) && !newerThan(statSync(precompiled).mtimeMs)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const specs: Record<string, Spec> = require(precompiled);
    return {
      env: Runtime,
      get: (name) => {
        if (!specs[name]) throw new Error(`template ${name} is not in ${PRECOMPILED_FILE}: run npm run build`);
        return Runtime.template(specs[name]);
      },
    };
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Handlebars = require("handlebars") as typeof import("handlebars");
  return { env: Handlebars, get: (name) => Handlebars.compile(readFileSync(join(templatesDir(), name), "utf8"), COMPILE_OPTIONS) };
}

/** Every template and partial under templates/, as paths relative to it (module/main.tf.hbs), sorted. */
export function templateFiles(dir = templatesDir(), prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? templateFiles(join(dir, e.name), `${prefix}${e.name}/`) : e.name.endsWith(".hbs") ? [`${prefix}${e.name}`] : [],
    )
    .sort();
}

/** Whether a template was edited after the build: then the sources win (a checkout between builds). */
const newerThan = (ms: number): boolean => {
  const dir = templatesDir();
  return templateFiles(dir).some((f) => statSync(join(dir, f)).mtimeMs > ms);
};

const cache = new Map<string, TemplateDelegate>();
let loaded: ReturnType<typeof load> | undefined;

/** templates/partials/<name>.hbs, usable as {{> name}} in every template. */
function registerPartials({ env, get }: ReturnType<typeof load>): void {
  const dir = join(templatesDir(), "partials");
  if (existsSync(dir))
    for (const f of readdirSync(dir)
      .filter((x) => x.endsWith(".hbs"))
      .sort())
      env.registerPartial(f.slice(0, -".hbs".length), get(`partials/${f}`));
}

export function template(name: string): TemplateDelegate {
  if (!loaded) {
    loaded = load();
    registerPartials(loaded);
  }
  let t = cache.get(name);
  if (!t) {
    t = loaded.get(name);
    cache.set(name, t);
  }
  return t;
}

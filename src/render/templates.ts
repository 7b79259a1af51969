import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import Handlebars from "handlebars";

/** The templates/ folder of this package, found from this file whether run from src/ or dist/. */
export function templatesDir(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, "templates", "module", "main.tf.hbs"))) return join(dir, "templates");
  }
  throw new Error(`templates/ not found above ${__dirname}`);
}

const cache = new Map<string, Handlebars.TemplateDelegate>();
let partialsRegistered = false;

/** templates/partials/<name>.hbs, usable as {{> name}} in every template. */
function registerPartials(): void {
  if (partialsRegistered) return;
  const dir = join(templatesDir(), "partials");
  if (existsSync(dir))
    for (const f of readdirSync(dir)
      .filter((x) => x.endsWith(".hbs"))
      .sort())
      Handlebars.registerPartial(f.slice(0, -".hbs".length), readFileSync(join(dir, f), "utf8"));
  partialsRegistered = true;
}

/** Compiles without HTML escaping: templates emit HCL and Markdown, and values arrive escaped for them. */
export function template(name: string): Handlebars.TemplateDelegate {
  let t = cache.get(name);
  if (!t) {
    registerPartials();
    const source = readFileSync(join(templatesDir(), name), "utf8");
    t = Handlebars.compile(source, { noEscape: true, strict: true });
    cache.set(name, t);
  }
  return t;
}

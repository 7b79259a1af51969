/**
 * The documentation as tests read it: README.md and the pages of docs/, their sections (a heading
 * and what follows it up to the next heading of the same or a higher level) and their fenced code
 * blocks. Tests that run what a page says take the text from here, so that a page and its test
 * cannot drift apart unnoticed.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(__dirname, "..", "..");

/** Every documentation page, relative to the repository root: README.md first, then docs/*.md. */
export const DOC_PAGES: string[] = [
  "README.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => `docs/${f}`),
];

export const docText = (page: string): string => readFileSync(join(ROOT, page), "utf8");

export interface FencedBlock {
  page: string;
  /** The info string after the opening fence: `sh`, `console`, `json cdktf.json`, or "". */
  info: string;
  body: string;
  /** 1-based line of the opening fence. */
  line: number;
}

/** The fenced code blocks of a text, in order (``` fences, as the pages write them). */
export function fencedBlocks(text: string, page = ""): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(.*)$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && l === "```");
    if (end < 0) throw new Error(`${page}:${i + 1}: a fence that is never closed`);
    blocks.push({ page, info: open[1].trim(), body: lines.slice(i + 1, end).join("\n") + "\n", line: i + 1 });
    i = end;
  }
  return blocks;
}

/** The lines of a text outside its fenced blocks (headings inside a code block are not headings). */
function proseLines(text: string): { line: string; at: number }[] {
  const out: { line: string; at: number }[] = [];
  let fenced = false;
  let at = 0;
  for (const line of text.split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    else if (!fenced) out.push({ line, at });
    at += line.length + 1;
  }
  return out;
}

/** The section of `page` under `heading` (written with its #s), to the next heading of its level or above. */
export function section(page: string, heading: string): string {
  const text = docText(page);
  const level = /^#+/.exec(heading)?.[0].length;
  if (!level) throw new Error(`not a heading: ${heading}`);
  const prose = proseLines(text);
  const start = prose.find((p) => p.line === heading);
  if (!start) throw new Error(`${page} has no heading ${heading}`);
  const next = prose.find((p) => p.at > start.at && (/^#+(?= )/.exec(p.line)?.[0].length ?? Infinity) <= level);
  return text.slice(start.at, next?.at ?? text.length);
}

/** The body of the first block whose info string is `info` (`ts`, `json cdktf.json`, ...) in a section. */
export function docBlock(page: string, heading: string, info: string): string {
  const block = fencedBlocks(section(page, heading), page).find((b) => b.info === info);
  if (!block) throw new Error(`${page}: no ${info} block under ${heading}`);
  return block.body;
}

/** The output a `console` block of `page` shows after `$ command`. */
export function consoleOutput(page: string, command: string): string {
  const block = fencedBlocks(docText(page), page).find((b) => b.info === "console" && b.body.startsWith(`$ ${command}\n`));
  if (!block) throw new Error(`${page}: no console block running ${command}`);
  return block.body.slice(`$ ${command}\n`.length);
}

export interface DocCommand {
  page: string;
  /** 1-based line of the command in the page. */
  line: number;
  command: string;
}

/**
 * The shell commands of a page: each line of its `sh` blocks (comments and continuation lines
 * joined), and each `$ ` line of its `console` blocks. Other blocks (`hcl`, `json`, `ts`, the
 * CLI's usage with no info string) hold no command to run.
 */
export function shellCommands(page: string): DocCommand[] {
  const out: DocCommand[] = [];
  for (const block of fencedBlocks(docText(page), page)) {
    const lines = block.body.split("\n");
    if (block.info === "console") {
      lines.forEach((l, i) => l.startsWith("$ ") && out.push({ page, line: block.line + 1 + i, command: l.slice(2).trim() }));
    } else if (["sh", "bash", "shell"].includes(block.info)) {
      let pending = "";
      lines.forEach((l, i) => {
        const text = (pending + " " + l.replace(/(^|\s)#.*$/, "")).trim();
        if (text.endsWith("\\")) pending = text.slice(0, -1);
        else {
          pending = "";
          if (text) out.push({ page, line: block.line + 1 + i, command: text.replace(/\s+/g, " ") });
        }
      });
    } else if (/^(sh|bash|shell|console)\b/.test(block.info)) {
      throw new Error(`${page}:${block.line}: a shell block with an info string the tests do not read: ${block.info}`);
    }
  }
  return out;
}

/**
 * The packages of a page's install lines (the sh block after `marker` in the section under
 * `heading`): `npm install` for dependencies, `npm install --save-dev` for devDependencies,
 * name -> what the line asks for (`10`, `0.21.0`, or "" for none).
 */
export function docInstall(
  page: string,
  heading: string,
  marker: string,
): { dependencies: Record<string, string>; devDependencies: Record<string, string> } {
  const text = section(page, heading);
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`${page}: no "${marker}" under ${heading}`);
  const block = fencedBlocks(text.slice(at), page).find((b) => b.info === "sh");
  if (!block) throw new Error(`${page}: no sh block after "${marker}"`);
  const out = { dependencies: {} as Record<string, string>, devDependencies: {} as Record<string, string> };
  for (const line of block.body.trim().split("\n")) {
    const words = line.trim().split(/\s+/);
    if (words[0] !== "npm" || words[1] !== "install") throw new Error(`${page}: not an npm install line: ${line}`);
    const target = words.includes("--save-dev") ? out.devDependencies : out.dependencies;
    for (const w of words.slice(2).filter((w) => !w.startsWith("-"))) {
      const at = w.lastIndexOf("@");
      if (at > 0) target[w.slice(0, at)] = w.slice(at + 1);
      else target[w] = "";
    }
  }
  return out;
}

/**
 * The README stays short (at most 300 lines: what scoped-ssm is, the quick start, the three ways to
 * use it, links), and every relative link of README.md and docs/*.md leads somewhere: to a file of
 * the repository and, with a #fragment, to a heading or an explicit anchor of that page.
 */
import { existsSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { DOC_PAGES, ROOT, docText, fencedBlocks } from "../support/docs";

/** A page's text without its fenced blocks (a link in a code block is code, not a link). */
const prose = (page: string): string => {
  const text = docText(page);
  const lines = text.split("\n");
  for (const b of fencedBlocks(text, page)) {
    const end = b.line + b.body.split("\n").length - 1;
    for (let i = b.line - 1; i < end; i++) lines[i] = "";
  }
  return lines.join("\n");
};

/** GitHub's anchor for a heading: lowercase, punctuation dropped, spaces to hyphens; repeats get -1, -2, ... */
function anchors(page: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const [, heading] of prose(page).matchAll(/^#{1,6} (.+)$/gm)) {
    const base = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  for (const [, id] of docText(page).matchAll(/<a id="([^"]+)"><\/a>/g)) out.add(id);
  return out;
}

test("README.md is at most 300 lines", () => {
  expect(docText("README.md").split("\n").length).toBeLessThanOrEqual(300);
});

test("the README links every page of docs/", () => {
  const readme = docText("README.md");
  for (const page of DOC_PAGES.filter((p) => p !== "README.md")) expect([page, readme.includes(`](${page})`)]).toEqual([page, true]);
});

test.each(DOC_PAGES)("%s: every relative link resolves", (page) => {
  const links = [...prose(page).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((t) => !/^[a-z]+:/.test(t));
  const broken = links.filter((link) => {
    const [path, fragment] = link.split("#");
    const target = path ? normalize(join(dirname(page), path)) : page;
    if (target.startsWith("..") || !existsSync(join(ROOT, target))) return true;
    return fragment !== undefined && target.endsWith(".md") && !anchors(target).has(fragment);
  });
  expect(broken).toEqual([]);
});

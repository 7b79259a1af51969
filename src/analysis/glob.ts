/**
 * IAM wildcard patterns (`*`, `?`) and ARN patterns, compared the way IAM compares them: policy
 * variables (`${aws:userid}`) stand for a value unknown until the request, so they match anything;
 * `${*}`, `${?}` and `${$}` are the literal characters.
 */
export type GlobToken = { t: "any" } | { t: "one" } | { t: "ch"; c: string };

const LITERAL_VARIABLES: Record<string, string> = { "${*}": "*", "${?}": "?", "${$}": "$" };

/** Tokens of a policy string; `templateVars` also reads the reference's `${Name}` placeholders as `*`. */
export function globTokens(pattern: string): GlobToken[] {
  const out: GlobToken[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "$" && pattern[i + 1] === "{") {
      const end = pattern.indexOf("}", i);
      if (end > 0) {
        const variable = pattern.slice(i, end + 1);
        const literal = LITERAL_VARIABLES[variable];
        out.push(literal ? { t: "ch", c: literal } : { t: "any" });
        i = end;
        continue;
      }
    }
    out.push(c === "*" ? { t: "any" } : c === "?" ? { t: "one" } : { t: "ch", c });
  }
  return out;
}

const fold = (c: string, ignoreCase: boolean) => (ignoreCase ? c.toLowerCase() : c);

/**
 * Walks the pairs of positions (i in a pattern of aLength tokens, j in one of bLength) from (0, 0),
 * each pair once, `step` naming the pairs a pair leads to: true when both ends are reached together.
 * The search behind both intersection (globsIntersect) and containment (audit's tokensCover).
 */
export function bothEndsReached(
  aLength: number,
  bLength: number,
  step: (i: number, j: number, next: (i: number, j: number) => void) => void,
): boolean {
  const seen = new Set<number>();
  const width = bLength + 1;
  const stack: [number, number][] = [[0, 0]];
  const next = (i: number, j: number) => void stack.push([i, j]);
  while (stack.length) {
    const [i, j] = stack.pop()!;
    const key = i * width + j;
    if (seen.has(key)) continue;
    seen.add(key);
    if (i === aLength && j === bLength) return true;
    step(i, j, next);
  }
  return false;
}

/**
 * True when some string matches both patterns. Dynamic programming over positions (i, j): a `*`
 * may match nothing or absorb one character of the other side.
 */
export const globsIntersect = (a: GlobToken[], b: GlobToken[], ignoreCase = false): boolean =>
  bothEndsReached(a.length, b.length, (i, j, next) => {
    const x = a[i];
    const y = b[j];
    if (x?.t === "any") next(i + 1, j);
    if (y?.t === "any") next(i, j + 1);
    if (x && y) {
      if (x.t === "any" && y.t !== "any") next(i, j + 1);
      if (y.t === "any" && x.t !== "any") next(i + 1, j);
      if (x.t !== "any" && y.t !== "any") {
        const same = x.t === "one" || y.t === "one" || fold(x.c, ignoreCase) === fold((y as { c: string }).c, ignoreCase);
        if (same) next(i + 1, j + 1);
      }
    }
  });

/** A pattern with no `*`, `?` or policy variable: it matches itself only. */
const PLAIN = /^[^*?$]*$/;

/**
 * Answers of globMatches, by pattern and text: a large policy asks the same few questions (an action
 * pattern against each action) for every statement. Bounded: cleared when full.
 */
const matchMemo = new Map<string, boolean>();
const MEMO_LIMIT = 100_000;

/** Does the pattern (IAM wildcards) match this concrete string? */
export function globMatches(pattern: string, text: string, ignoreCase = false): boolean {
  if (PLAIN.test(pattern)) return ignoreCase ? pattern.toLowerCase() === text.toLowerCase() : pattern === text;
  const id = `${ignoreCase ? 1 : 0}${pattern}\u0000${text}`;
  const known = matchMemo.get(id);
  if (known !== undefined) return known;
  const answer = globsIntersect(
    globTokens(pattern),
    [...text].map((c) => ({ t: "ch", c }) as GlobToken),
    ignoreCase,
  );
  if (matchMemo.size >= MEMO_LIMIT) matchMemo.clear();
  matchMemo.set(id, answer);
  return answer;
}

export const hasWildcard = (pattern: string) => !PLAIN.test(pattern) && globTokens(pattern).some((t) => t.t !== "ch");

/**
 * An ARN pattern's six parts. IAM matches the first five (arn, partition, service, region, account)
 * one by one, so a wildcard never spans a colon there; the resource part may hold colons.
 */
function arnParts(pattern: string): GlobToken[][] | undefined {
  const tokens = globTokens(pattern);
  const parts: GlobToken[][] = [[]];
  for (const t of tokens) {
    if (t.t === "ch" && t.c === ":" && parts.length < 6) parts.push([]);
    else parts[parts.length - 1].push(t);
  }
  return parts.length === 6 ? parts : undefined;
}

/**
 * True when some resource matches both ARN patterns: a policy Resource and a resource type's ARN
 * format from the service reference (`arn:${Partition}:ssm:${Region}:${Account}:document/${DocumentName}`).
 * "*" matches every ARN.
 */
export function arnsIntersect(a: string, b: string): boolean {
  if (a === "*" || b === "*") return true;
  const pa = arnParts(a);
  const pb = arnParts(b);
  if (!pa || !pb) return false;
  return pa.every((part, i) => globsIntersect(part, pb[i]));
}

/** The partition part of an ARN when it is a literal (`aws`, `aws-us-gov`, `aws-cn`), else undefined. */
export function literalPartition(arn: string): string | undefined {
  const m = /^arn:([a-z0-9-]+):/.exec(arn);
  return m ? m[1] : undefined;
}

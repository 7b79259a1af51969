/**
 * Line numbers of the values in a JSON text, by path, so that findings can point at the line of a
 * statement (text output, SARIF regions). The text has already been parsed with JSON.parse, so this
 * scanner can trust it is well formed.
 */
export type JsonPath = (string | number)[];

export function jsonLines(text: string): (path: JsonPath) => number | undefined {
  const lines = new Map<string, number>();
  let i = 0;
  let line = 1;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) {
      if (text[i] === "\n") line++;
      i++;
    }
  };
  const str = (): string => {
    const start = i;
    i++;
    while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const value = (path: JsonPath) => {
    ws();
    lines.set(JSON.stringify(path), line);
    const c = text[i];
    if (c === "{") {
      i++;
      ws();
      if (text[i] === "}") return void i++;
      for (;;) {
        ws();
        const key = str();
        ws();
        i++; // the colon
        value([...path, key]);
        ws();
        if (text[i++] === "}") return;
      }
    } else if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") return void i++;
      for (let n = 0; ; n++) {
        value([...path, n]);
        ws();
        if (text[i++] === "]") return;
      }
    } else if (c === '"') str();
    else while (i < text.length && /[^,\]}\s]/.test(text[i])) i++;
  };
  value([]);
  return (path) => lines.get(JSON.stringify(path));
}

import { GENERATED_MARK, profileNotice } from "../model/generated";

export { GENERATED_MARK };

export const headerText = profileNotice;

export const hclHeader = (profileName: string) => `# ${headerText(profileName)}`;
export const markdownHeader = (profileName: string) => `<!-- ${headerText(profileName)} -->`;

/** The mark stands on the first line; in JSON, which has no comments, on the second (the first key's value). */
export function hasGeneratedHeader(content: string): boolean {
  const [first, second] = content.split("\n", 2);
  return first.includes(GENERATED_MARK) || (first === "{" && (second ?? "").includes(GENERATED_MARK));
}

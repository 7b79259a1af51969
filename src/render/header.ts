import { profileNotice } from "../model/generated";

export const hclHeader = (profileName: string) => `# ${profileNotice(profileName)}`;
export const markdownHeader = (profileName: string) => `<!-- ${profileNotice(profileName)} -->`;

import { buildModule } from "../../src/model/module";
import { loadConfig } from "../../src/profile/load";
import { hasGeneratedHeader } from "../../src/model/generated";
import { MODULE_FILES, renderModuleFiles } from "../../src/render/module-files";

const model = buildModule(loadConfig(undefined, "/nonexistent-dir").config.profiles[0]);
const files = renderModuleFiles(model);

describe("rendered default module", () => {
  test.each([...MODULE_FILES])("%s matches the reviewed snapshot", (name) => {
    expect(files.get(name)).toMatchSnapshot();
  });

  test("every file carries the generated header on its first line", () => {
    for (const content of files.values()) expect(hasGeneratedHeader(content)).toBe(true);
  });

  test("rendering is deterministic", () => {
    expect(renderModuleFiles(model)).toEqual(files);
  });

  test("the module declares the AWS provider for 5.x and 6.x and a required_version", () => {
    const versions = files.get("versions.tf")!;
    expect(versions).toContain('source  = "hashicorp/aws"');
    expect(versions).toContain('version = ">= 5.0, < 7.0"');
    expect(versions).toMatch(/required_version = ">= 1\.\d+\.\d+"/);
  });

  test("the README documents every input and output", () => {
    const readme = files.get("README.md")!;
    for (const v of model.variables) expect(readme).toContain(`| \`${v.name}\` |`);
    for (const o of model.outputs) expect(readme).toContain(`| \`${o.name}\` |`);
  });
});

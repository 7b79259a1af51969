/**
 * How the Terraform tests install hashicorp/aws: a local mirror when one exists (looked for only in
 * the documented places), else the registry through a shared plugin cache.
 */
import { mkdirSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  ToolMissing,
  cliConfigFolders,
  cliConfigText,
  hasAwsProvider,
  prepareCliConfig,
  providerInstallation,
  removeDir,
  tempDir,
  terraformBinary,
  terraformPlatform,
} from "../../dev/terraform";
import { execFileSync } from "node:child_process";

let dir: string;
beforeEach(() => {
  dir = tempDir("providers");
});
const afterCleanup: string[] = [];
afterEach(() => {
  removeDir(dir);
  afterCleanup.splice(0).forEach((f) => rmSync(f, { force: true }));
});

/** A fake mirror: registry.terraform.io/hashicorp/aws/5.100.0/<platform>/terraform-provider-aws_v5.100.0_x5 */
function fakeMirror(root: string, platform = terraformPlatform()): string {
  const p = join(root, "registry.terraform.io/hashicorp/aws/5.100.0", platform);
  mkdirSync(p, { recursive: true });
  writeFileSync(join(p, "terraform-provider-aws_v5.100.0_x5"), "");
  return root;
}

const noSystem = () => ({ home: join(dir, "home"), opt: join(dir, "opt") });

test("a provider for another platform, or an empty tree, is not a mirror", () => {
  expect(hasAwsProvider(fakeMirror(join(dir, "here")))).toBe(true);
  expect(hasAwsProvider(fakeMirror(join(dir, "other"), "plan9_mips"))).toBe(false);
  mkdirSync(join(dir, "empty/registry.terraform.io/hashicorp/aws/5.100.0"), { recursive: true });
  expect(hasAwsProvider(join(dir, "empty"))).toBe(false);
});

test("SCOPED_SSM_PROVIDER_MIRROR wins, and one that holds no provider is refused clearly", () => {
  const mirror = fakeMirror(join(dir, "given"));
  expect(providerInstallation({ SCOPED_SSM_PROVIDER_MIRROR: mirror }, noSystem())).toMatchObject({ kind: "mirror", path: mirror });
  expect(() => providerInstallation({ SCOPED_SSM_PROVIDER_MIRROR: join(dir, "nothing") }, noSystem())).toThrow(ToolMissing);
  expect(() => providerInstallation({ SCOPED_SSM_PROVIDER_MIRROR: join(dir, "nothing") }, noSystem())).toThrow(
    /holds no registry.terraform.io/,
  );
});

test("the CLI config's filesystem_mirror and plugin_cache_dir are read, comments ignored", () => {
  const text = `# filesystem_mirror { path = "/commented" }
plugin_cache_dir = "/cache/dir"
provider_installation {
  filesystem_mirror {
    path    = "/mirror/one"
    include = ["registry.terraform.io/*/*"]
  }
  direct {}
}
`;
  expect(cliConfigFolders(text)).toEqual({ mirrors: ["/mirror/one"], pluginCacheDir: "/cache/dir" });
  const mirror = fakeMirror(join(dir, "from-config"));
  const rc = join(dir, "terraformrc");
  writeFileSync(rc, `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n  }\n}\n`);
  expect(providerInstallation({ TF_CLI_CONFIG_FILE: rc }, noSystem())).toMatchObject({ kind: "mirror", path: mirror });
});

test("Terraform's implied local mirror folders and a system mirror under /opt are found", () => {
  fakeMirror(join(dir, "home/.terraform.d/plugins"));
  expect(providerInstallation({}, noSystem())).toMatchObject({ kind: "mirror", path: join(dir, "home/.terraform.d/plugins") });
  removeDir(join(dir, "home"));
  fakeMirror(join(dir, "xdg/terraform/plugins"));
  expect(providerInstallation({ XDG_DATA_DIRS: join(dir, "xdg") }, noSystem())).toMatchObject({ path: join(dir, "xdg/terraform/plugins") });
  fakeMirror(join(dir, "opt/tf-mirror"));
  expect(providerInstallation({}, noSystem())).toMatchObject({ kind: "mirror", path: join(dir, "opt/tf-mirror") });
});

test("without a mirror: the registry, through a shared plugin cache, keeping the user's own CLI config", () => {
  const none = providerInstallation({ XDG_DATA_DIRS: join(dir, "none") }, noSystem());
  expect(none).toMatchObject({ kind: "registry" });
  expect(none.description).toMatch(/no local mirror .*registry.*plugin cache/);
  expect(cliConfigText(none)).toMatch(/^plugin_cache_dir = ".*scoped-ssm-terraform-plugin-cache"\n$/);

  const rc = join(dir, "terraformrc");
  writeFileSync(rc, 'credentials "app.terraform.io" {\n  token = "x"\n}');
  const own = providerInstallation({ TF_CLI_CONFIG_FILE: rc, TF_PLUGIN_CACHE_DIR: join(dir, "cache") }, noSystem());
  expect(own).toMatchObject({ kind: "registry", pluginCacheDir: join(dir, "cache") });
  expect(cliConfigText(own)).toBe(
    `credentials "app.terraform.io" {\n  token = "x"\n}\nplugin_cache_dir = ${JSON.stringify(join(dir, "cache"))}\n`,
  );
});

test("the registry path fills the plugin cache once, and inits then take the provider from it", () => {
  // Offline stand-in for the registry: the user's own CLI config installs from this machine's mirror
  // (the test needs one); the harness adds the plugin cache, fills it under its lock, and reuses it.
  const machine = providerInstallation();
  if (machine.kind !== "mirror")
    throw new Error(`this test needs a local mirror (the registry is not reached in tests): ${machine.description}`);
  const rc = join(dir, "own.tfrc");
  writeFileSync(rc, `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(machine.path)}\n  }\n}\n`);
  const cache = join(dir, "cache");
  const file = prepareCliConfig({ kind: "registry", pluginCacheDir: cache, ownConfig: rc, description: "" });
  afterCleanup.push(file);
  expect(readFileSync(file, "utf8")).toContain(`plugin_cache_dir = ${JSON.stringify(cache)}`);
  expect(hasAwsProvider(cache)).toBe(true);
  const root = join(dir, "root");
  mkdirSync(root);
  writeFileSync(join(root, "main.tf"), 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n');
  const env = { ...process.env, TF_CLI_CONFIG_FILE: file, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
  execFileSync(terraformBinary(), ["init", "-input=false", "-no-color", "-backend=false"], { cwd: root, env, stdio: "pipe" });
  const [version] = readdirSync(join(cache, "registry.terraform.io/hashicorp/aws"));
  const installed = join(root, ".terraform/providers/registry.terraform.io/hashicorp/aws", version, terraformPlatform());
  expect(realpathSync(installed)).toBe(realpathSync(join(cache, "registry.terraform.io/hashicorp/aws", version, terraformPlatform())));
});

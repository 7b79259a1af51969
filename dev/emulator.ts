/**
 * The local AWS API emulator for the apply tests: one `moto_server` per test run, bound to
 * 127.0.0.1 at a free port, found on the PATH (never a fixed path). Jest's global setup starts it
 * and publishes its address in SCOPED_SSM_EMULATOR; the global teardown stops it.
 *
 * On a machine without moto_server or cfn-lint the suites that need them are skipped, and the run
 * says so in one line; in CI (CI=true) a missing tool fails the run instead.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer, connect } from "node:net";
import { which } from "./terraform";

/** The variable through which the setup tells the test workers where the emulator listens. */
export const EMULATOR_VAR = "SCOPED_SSM_EMULATOR";

/** How a user gets the tools the apply and CloudFormation checks need. */
export const INSTALL_HINT = "pip install 'moto[server]' cfn-lint";

/** The suites that need the emulator or cfn-lint: named in the line a run without them prints. */
export const EMULATOR_SUITES = ["emulator-apply", "cdktf-deploy-apply", "cloudformation-lint"];

/** moto's account unless MOTO_ACCOUNT_ID says otherwise (moto's documented default). */
export const emulatorAccountId = (env: NodeJS.ProcessEnv = process.env): string => env.MOTO_ACCOUNT_ID || "123456789012";

export const onPath = (cmd: string): boolean => which(cmd) !== undefined;

/** The tools missing for the emulator suites, in the order a message names them. */
export const missingEmulatorTools = (): string[] => ["moto_server", "cfn-lint"].filter((t) => !onPath(t));

/** A port nobody listens on now, from the OS (port 0), on the loopback address. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: "127.0.0.1", port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });

export interface Emulator {
  /** http://127.0.0.1:PORT */
  readonly endpoint: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * moto_server with one fix: CloudFormation accepts an IAM policy document given as a JSON string
 * (the StackSet template's documents are Fn::Sub strings, since JSON keys take no function; the
 * pattern of Karpenter's published template, tested against AWS in localstack/localstack#13735),
 * while moto 5.2's AWS::IAM::ManagedPolicy serialises the string again (iam/models.py,
 * ManagedPolicy.create_from_cloudformation_json) and IAM then refuses it as malformed. The patch
 * parses such a string first, as CloudFormation does; the rest is moto's own server.
 */
const MOTO_SERVER = String.raw`
import json, sys
from moto.iam import models
create = models.ManagedPolicy.create_from_cloudformation_json.__func__
def create_from_json_string(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    props = cloudformation_json.get("Properties", {})
    if isinstance(props.get("PolicyDocument"), str):
        cloudformation_json = {**cloudformation_json, "Properties": {**props, "PolicyDocument": json.loads(props["PolicyDocument"])}}
    return create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
models.ManagedPolicy.create_from_cloudformation_json = classmethod(create_from_json_string)
from moto.server import main
main(sys.argv[1:])
`;

/** The Python that runs moto_server (its script's interpreter), when this process can find it. */
function motoPython(): string | undefined {
  for (const python of ["python3", "python"]) {
    const r = spawnSync(python, ["-c", "import moto.server"], { stdio: "ignore" });
    if (r.status === 0) return python;
  }
  return undefined;
}

/** Starts moto_server on 127.0.0.1 at a free port and waits until it accepts connections. */
export async function startEmulator(timeoutMs = 30_000): Promise<Emulator> {
  const port = await freePort();
  const args = ["-H", "127.0.0.1", "-p", String(port)];
  const python = motoPython();
  const child = python
    ? spawn(python, ["-c", MOTO_SERVER, ...args], { stdio: ["ignore", "ignore", "pipe"] })
    : spawn("moto_server", args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d) => (stderr = (stderr + d).slice(-4000)));
  const deadline = Date.now() + timeoutMs;
  while (!(await listening(port))) {
    if (child.exitCode !== null) throw new Error(`moto_server exited (${child.exitCode}) before listening:\n${stderr}`);
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`moto_server did not listen on 127.0.0.1:${port} within ${timeoutMs} ms:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 3000).unref();
      }),
  };
}

/** The emulator of this test run, or undefined when the run has none (the suite then skips). */
export const runEmulator = (): string | undefined => process.env[EMULATOR_VAR] || undefined;

/**
 * The environment that points the AWS provider, the S3 backend, the AWS SDK and `cdktf deploy` at
 * the emulator: every service through AWS_ENDPOINT_URL, dummy credentials, no shared config.
 */
export function emulatorEnv(endpoint: string, region = "us-east-1"): NodeJS.ProcessEnv {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
    AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    // Empty is unset for the AWS SDKs: no profile or session token of the user's leaks in.
    AWS_PROFILE: "",
    AWS_SESSION_TOKEN: "",
  };
}

/**
 * A local stand-in for AWS STS, for offline plans: `data "aws_caller_identity"` calls
 * GetCallerIdentity even with the provider's skip_* flags. The stub answers that one action (the
 * Query protocol's XML, as the AWS API Reference shows it) with SAMPLE_ACCOUNT, on 127.0.0.1 and a
 * free port, and refuses anything else. It runs as a child process, so that it keeps answering
 * while the test process waits on a synchronous terraform run; it is started once per process on
 * first use and exits with that process (it also watches its parent, so it never outlives it).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SAMPLE_ACCOUNT } from "../src/model/expr";

/** The server, run with `node -e`: argv = [parent pid, port file, account]. */
const SERVER = String.raw`
const http = require("node:http");
const { writeFileSync, renameSync } = require("node:fs");
const [parent, portFile, account] = process.argv.slice(1);
const xml = (id) =>
  '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">' +
  "<GetCallerIdentityResult><Arn>arn:aws:iam::" + account + ":user/scoped-ssm-offline</Arn>" +
  "<UserId>AIDAOFFLINEEXAMPLE</UserId><Account>" + account + "</Account></GetCallerIdentityResult>" +
  "<ResponseMetadata><RequestId>" + id + "</RequestId></ResponseMetadata></GetCallerIdentityResponse>";
let n = 0;
const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    const action = new URLSearchParams(body).get("Action") ?? new URL(req.url, "http://x").searchParams.get("Action");
    if (action === "GetCallerIdentity") {
      res.writeHead(200, { "content-type": "text/xml" });
      res.end(xml("00000000-0000-4000-8000-" + String(++n).padStart(12, "0")));
    } else {
      res.writeHead(400, { "content-type": "text/xml" });
      res.end("<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>the offline STS stub answers GetCallerIdentity only</Message></Error></ErrorResponse>");
    }
  });
});
server.listen(0, "127.0.0.1", () => {
  writeFileSync(portFile + ".tmp", String(server.address().port));
  renameSync(portFile + ".tmp", portFile);
});
setInterval(() => {
  try { process.kill(Number(parent), 0); } catch { process.exit(0); }
}, 500).unref();
server.unref();
setInterval(() => {}, 1 << 30);
`;

let endpoint: string | undefined;

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** The stub's URL (http://127.0.0.1:PORT), starting it on first use. */
export function stsEndpoint(): string {
  if (endpoint) return endpoint;
  const dir = mkdtempSync(join(tmpdir(), "scoped-ssm-sts-"));
  const portFile = join(dir, "port");
  const child = spawn(process.execPath, ["-e", SERVER, String(process.pid), portFile, SAMPLE_ACCOUNT], { stdio: "ignore" });
  child.unref();
  process.on("exit", () => child.kill());
  // Synchronous on purpose: callers build provider blocks synchronously. Start-up takes ~50 ms.
  for (let waited = 0; !existsSync(portFile); waited += 20) {
    if (waited > 10_000 || child.exitCode !== null) throw new Error("the offline STS stub did not start");
    sleep(20);
  }
  const port = readFileSync(portFile, "utf8");
  rmSync(dir, { recursive: true, force: true });
  return (endpoint = `http://127.0.0.1:${port}`);
}

/**
 * The CDKTF app (`npx cdktf synth`, `npm run synth`): one module stack per profile and one deploy
 * stack per deployment of ./scoped-ssm.json (or the file SCOPED_SSM_CONFIG names), or of the
 * embedded default profile when there is no config. Each synthesis leaves one configuration per
 * stack folder (cdk.tf.json, or cdk.tf with SYNTH_HCL_OUTPUT=true / --hcl).
 */
import { synthScopedSsmApp } from "./src/cdktf/app";
import { InputError } from "./src/base/errors";

try {
  synthScopedSsmApp({ configFile: process.env.SCOPED_SSM_CONFIG || undefined });
} catch (e) {
  // Bad input: one message per problem and exit status 2, as the CLI does; no stack trace.
  if (e instanceof InputError) {
    console.error(e.message);
    process.exit(2);
  }
  throw e;
}

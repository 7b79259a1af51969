/**
 * The CDKTF app (`npx cdktf synth`, `npm run synth`): one module stack per profile and one deploy
 * stack per deployment of ./scoped-ssm.json (or the file SCOPED_SSM_CONFIG names), or of the
 * embedded default profile when there is no config.
 */
import { App } from "cdktf";
import { addScopedSsmStacks } from "./src/cdktf/app";
import { InputError } from "./src/profile/errors";
import { loadConfig } from "./src/profile/load";

try {
  const { config } = loadConfig(process.env.SCOPED_SSM_CONFIG || undefined);
  const app = new App();
  addScopedSsmStacks(app, config);
  app.synth();
} catch (e) {
  // Bad input: one message per problem and exit status 2, as the CLI does; no stack trace.
  if (e instanceof InputError) {
    console.error(e.message);
    process.exit(2);
  }
  throw e;
}

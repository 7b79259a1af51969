/**
 * The shared plan's background process (see shared-plan.ts), started by the global setup with
 * `node -r register-ts.js shared-plan-run.ts RUN_DIR`.
 */
import { planJsonAsync, planRefusal } from "../../dev/terraform";
import { buildPlanParts } from "../plans";
import { runSharedPlan } from "./shared-plan";

void runSharedPlan(process.argv[2], buildPlanParts, planJsonAsync, planRefusal).then(() => process.exit(0));

/**
 * Every root configuration the suites plan offline, gathered for the run's one shared plan
 * (support/shared-plan.ts). A part's name is its module block's name in the shared root.
 */
import type { PlanParts } from "../support/shared-plan";
import { agreementParts } from "./cdktf-agreement";
import { deployParts } from "./cdktf-deploy";
import { organizationParts } from "./organization";
import { stacksetParameterParts } from "./stackset-parameters";
import { largeParts } from "./terraform-large";
import { moduleParts } from "./terraform-module";

export function buildPlanParts(): PlanParts {
  return { ...moduleParts(), ...largeParts(), ...agreementParts(), ...deployParts(), ...stacksetParameterParts(), ...organizationParts() };
}

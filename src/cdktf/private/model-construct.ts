import { Construct } from "constructs";
import { type ModuleModel, buildModule } from "../../model/module";
import type { Profile, ProfileInput } from "../../profile/schema";
import { parseProfile } from "./inputs";

/** A construct translated from a profile's module model: it validates the profile and builds the model. */
export abstract class ModelConstruct extends Construct {
  /** The validated profile, defaults applied. */
  readonly profile: Profile;
  /** The module model this construct is translated from. */
  readonly model: ModuleModel;
  /** Names the construct in input problems: `<kind> <path>`. */
  protected readonly where: string;

  protected constructor(scope: Construct, id: string, kind: string, profile: ProfileInput) {
    super(scope, id);
    this.where = `${kind} ${this.node.path}`;
    this.profile = parseProfile(profile, this.where);
    this.model = buildModule(this.profile);
  }
}

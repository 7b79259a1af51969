import { Construct } from "constructs";
import { type ModuleModel, buildModule } from "../../model/module";
import type { Profile, ProfileInput } from "../../profile/schema";
import { parseProfile } from "./inputs";

/**
 * A construct translated from one of a profile's models (the account module's, the guardrail's,
 * the detective control's, the StackSet's): it validates the profile and builds the model.
 */
export abstract class ProfileConstruct<M> extends Construct {
  /** The validated profile, defaults applied. */
  readonly profile: Profile;
  /** The model this construct is translated from. */
  readonly model: M;
  /** Names the construct in input problems: `<kind> <path>`. */
  protected readonly where: string;

  protected constructor(scope: Construct, id: string, kind: string, profile: ProfileInput, build: (p: Profile) => M) {
    super(scope, id);
    this.where = `${kind} ${this.node.path}`;
    this.profile = parseProfile(profile, this.where);
    this.model = build(this.profile);
  }
}

/** A construct translated from a profile's account module model. */
export abstract class ModelConstruct extends ProfileConstruct<ModuleModel> {
  protected constructor(scope: Construct, id: string, kind: string, profile: ProfileInput) {
    super(scope, id, kind, profile, buildModule);
  }
}

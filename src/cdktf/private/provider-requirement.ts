import { TerraformProvider } from "cdktf";
import type { Construct } from "constructs";
import { AWS_PROVIDER_RANGE } from "../../model/generated";

/**
 * `required_providers { aws = { source = "hashicorp/aws", version = ">= 5.0, < 7.0" } }` without a
 * provider block: a reusable module takes its provider configuration from its caller. It counts as
 * the aws provider for cdktf's check that every resource has one; the module stack drops the empty
 * provider block it would otherwise write.
 */
export class AwsProviderRequirement extends TerraformProvider {
  constructor(scope: Construct, id = "aws") {
    super(scope, id, {
      terraformResourceType: "aws",
      terraformGeneratorMetadata: { providerName: "aws", providerVersionConstraint: AWS_PROVIDER_RANGE },
      terraformProviderSource: "hashicorp/aws",
    });
  }
}

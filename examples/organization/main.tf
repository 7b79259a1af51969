# Organisation-wide controls for the cado-response profile, applied in the management account:
# the guardrail SCP (only tag administrators may set the opt-in tag) and the StackSet that puts the
# tag-scoped policy in every account of the platform's OUs.
#   terraform init && terraform plan -var 'target_ids=["r-xxxx"]' -var 'organizational_unit_ids=["ou-xxxx-xxxxxxxx"]'
terraform {
  required_version = ">= 1.3.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0, < 7.0"
    }
  }
}

variable "target_ids" {
  description = "Where the guardrail SCP is attached: the root (r-...), OUs or accounts."
  type        = list(string)
  default     = ["r-ab12"]
}

variable "organizational_unit_ids" {
  description = "The platform's OUs: every account in them gets the policy and the role."
  type        = list(string)
  default     = ["ou-ab12-11111111", "ou-ab12-22222222"]
}

module "guardrail" {
  source = "../../modules/cado-response/guardrail"

  # Attach to the whole organization; the management account is never affected by SCPs.
  target_ids               = var.target_ids
  tag_admin_principal_arns = ["arn:aws:iam::*:role/TagAdministrator"]
  enable_tag_policy        = true
}

module "rollout" {
  source = "../../modules/cado-response/stackset"

  organizational_unit_ids = var.organizational_unit_ids

  # The platform's role in every account, trusted by the platform's account with its external id.
  create_role            = true
  role_name              = "IrPlatformRole"
  trusted_principal_arns = ["arn:aws:iam::999988887777:root"]
  external_id            = "cado-ext-0123456789"
}

output "scp" {
  value = module.guardrail.policy_content
}

output "stackset_template" {
  value = module.rollout.template_body
}

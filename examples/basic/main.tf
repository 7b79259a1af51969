# Attach the generated cado-response policy to the platform's role and opt two instances in.
#   terraform init && terraform plan -var 'region=eu-west-1' -var 'opt_in_instance_ids=["i-0123456789abcdef0"]'
terraform {
  required_version = ">= 1.3.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0, < 7.0"
    }
  }
}

variable "region" {
  description = "AWS region of the instances."
  type        = string
  default     = "us-east-1"
}

variable "opt_in_instance_ids" {
  description = "Instances to opt in: they get the opt-in tag."
  type        = list(string)
  default     = ["i-0123456789abcdef0", "i-0fedcba9876543210"]
}

module "ir_ssm" {
  source = "../../modules/cado-response"

  role_names          = ["IrPlatformRole"]
  opt_in_instance_ids = var.opt_in_instance_ids
}

output "policy_arn" {
  value = module.ir_ssm.policy_arn
}

output "tagged_instance_ids" {
  value = module.ir_ssm.tagged_instance_ids
}

# The provider of this root configuration; the tests that call the example as a module give it theirs.
provider "aws" {
  region = "us-east-1"
}

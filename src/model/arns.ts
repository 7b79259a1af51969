import { AWS_RESERVED_DOCUMENT_PREFIXES } from "../profile/limits";
import type { Profile } from "../profile/schema";
import { type List, type Str, concatLists, item, join, lit, listOf, mapList, partition } from "./expr";

/**
 * ARN patterns. The partition is always data.aws_partition, never a literal, so that GovCloud and
 * China match. Regions and accounts are `*` unless the profile scopes them.
 */
interface Scope {
  regions: string[];
  accounts: string[];
}

export const scopeOf = (p: Profile): Scope => ({
  regions: p.scope.regions ?? ["*"],
  accounts: p.scope.accounts ?? ["*"],
});

function forEachScope(scope: Scope, build: (region: string, account: string) => Str): List {
  return listOf(...scope.regions.flatMap((r) => scope.accounts.map((a) => build(r, a))));
}

/** EC2 instances and (optionally) hybrid nodes: the targets the tag condition guards. */
export function nodeArns(p: Profile): List {
  const scope = scopeOf(p);
  const lists: List[] = [];
  if (p.ec2Instances) lists.push(forEachScope(scope, (r, a) => join`arn:${partition}:ec2:${lit(r)}:${lit(a)}:instance/*`));
  if (p.hybridNodes)
    lists.push(forEachScope(scope, (r, a) => join`arn:${partition}:ssm:${lit(r)}:${lit(a)}:managed-instance/*`));
  return concatLists(lists);
}

/**
 * Document ARNs for a list of names. AWS-owned documents (reserved prefixes aws, amazon, amzn) have
 * an empty account field; a customer's own documents live in an account: the scoped ones, else the
 * calling principal's own (${aws:PrincipalAccount}), so a same-named document shared from another
 * account does not match.
 */
export function documentArns(p: Profile, names: List): List {
  const scope = scopeOf(p);
  const owners = p.scope.accounts ?? ["${aws:PrincipalAccount}"];
  const perRegion = scope.regions.flatMap((r) =>
    owners.map((account) =>
      mapList(names, {
        kind: "ifPrefix",
        subject: item,
        prefixes: AWS_RESERVED_DOCUMENT_PREFIXES,
        then: join`arn:${partition}:ssm:${lit(r)}::document/${item}`,
        else: join`arn:${partition}:ssm:${lit(r)}:${lit(account)}:document/${item}`,
      }),
    ),
  );
  return concatLists(perRegion);
}

/** Session Manager sessions. */
export function sessionArns(p: Profile): List {
  return forEachScope(scopeOf(p), (r, a) => join`arn:${partition}:ssm:${lit(r)}:${lit(a)}:session/*`);
}

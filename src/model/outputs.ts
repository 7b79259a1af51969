/**
 * A module's outputs as data: each reads attributes of the module's own resources, at the fixed
 * addresses of the module layout; the emitters write the references.
 */
export type OutputValue =
  /** `<resource>.<attr>` */
  | { kind: "attr"; resource: string; attr: string }
  /** A tuple of values, in order. */
  | { kind: "tuple"; items: OutputValue[] }
  /** The attribute of a resource created zero or one times (count), else null. */
  | { kind: "ifCreated"; resource: string; attr: string }
  /** The attribute of every instance of a for_each resource, sorted. */
  | { kind: "sortedEach"; resource: string; attr: string };

export interface ModuleOutput {
  name: string;
  description: string;
  value: OutputValue;
}

export const attr = (resource: string, attribute: string): OutputValue => ({ kind: "attr", resource, attr: attribute });
export const tuple = (items: OutputValue[]): OutputValue => ({ kind: "tuple", items });
export const ifCreated = (resource: string, attribute: string): OutputValue => ({ kind: "ifCreated", resource, attr: attribute });
export const sortedEach = (resource: string, attribute: string): OutputValue => ({ kind: "sortedEach", resource, attr: attribute });

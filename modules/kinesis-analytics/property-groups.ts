import type { Kinesisanalyticsv2ApplicationApplicationConfigurationEnvironmentPropertiesPropertyGroup as PropertyGroup } from "@cdktf/provider-aws/lib/kinesisanalyticsv2-application";
import { Token } from "cdktf";
import { assertMatches } from "../shared/validate";
import { FLINK_LIMITS } from "./defaults";

/** Runtime properties by group id, e.g. `{ Aggregation: { "window.size.seconds": "60" } }`. */
export type PropertyGroups = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** Property group ids the module fills itself with the streams' ARN, name and region. */
export const RESERVED_PROPERTY_GROUPS = ["InputStream0", "OutputStream0"] as const;

const GROUP_ID = /^[a-zA-Z0-9_.-]+$/;

function assertLength(name: string, value: string): void {
  if (Token.isUnresolved(value)) return;
  if (value.length < 1 || value.length > FLINK_LIMITS.maxPropertyLength) {
    throw new Error(`${name} must be 1 to ${FLINK_LIMITS.maxPropertyLength} characters, got ${value.length}`);
  }
}

/**
 * The application's property groups: the module's stream groups first, then the caller's, checked
 * against the service's limits (50 groups, 50 properties each, ids of [a-zA-Z0-9_.-] up to 50 characters,
 * keys and values up to 2048 characters).
 */
export function propertyGroups(module: PropertyGroups, user: PropertyGroups): PropertyGroup[] {
  for (const id of Object.keys(user)) {
    if ((RESERVED_PROPERTY_GROUPS as readonly string[]).includes(id)) {
      throw new Error(`propertyGroups must not use the reserved group id "${id}" (the module sets it to the stream's ARN, name and region)`);
    }
  }
  const all = { ...module, ...user };
  const count = Object.keys(all).length;
  if (count > FLINK_LIMITS.maxPropertyGroups) {
    throw new Error(`propertyGroups must hold at most ${FLINK_LIMITS.maxPropertyGroups - Object.keys(module).length} groups besides the module's ${Object.keys(module).length}, got ${Object.keys(user).length}`);
  }
  return Object.entries(all).map(([id, properties]) => {
    assertMatches("propertyGroups id", id, GROUP_ID, "letters, digits, _, . or -");
    if (id.length > FLINK_LIMITS.maxPropertyGroupIdLength) {
      throw new Error(`propertyGroups id must be at most ${FLINK_LIMITS.maxPropertyGroupIdLength} characters, got ${id.length} ("${id}")`);
    }
    const entries = Object.entries(properties);
    if (entries.length < 1 || entries.length > FLINK_LIMITS.maxPropertiesPerGroup) {
      throw new Error(`propertyGroups.${id} must hold 1 to ${FLINK_LIMITS.maxPropertiesPerGroup} properties, got ${entries.length}`);
    }
    for (const [key, value] of entries) {
      assertLength(`propertyGroups.${id} key`, key);
      assertLength(`propertyGroups.${id}.${key}`, value);
    }
    return { propertyGroupId: id, propertyMap: { ...properties } };
  });
}

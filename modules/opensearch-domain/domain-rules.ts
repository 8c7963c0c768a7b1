import { Token } from "cdktf";
import { assertIntegerInRange, assertMatches, assertOneOf } from "../shared/validate";
import { MIN_EBS_VOLUME_SIZE_GIB } from "./defaults";

/**
 * AWS rules for a new OpenSearch domain that `terraform plan` accepts but the OpenSearch API refuses
 * at apply. Each throws a message naming the prop, what is allowed and what was received.
 */

/** The sizing of a domain, resolved from props and defaults. */
export interface DomainSizing {
  readonly engineVersion: string;
  readonly instanceType: string;
  readonly instanceCount: number;
  readonly availabilityZoneCount: number;
  readonly dedicatedMasterType?: string;
  readonly dedicatedMasterCount: number;
  readonly ebsVolumeSizeGiB: number;
  readonly vpcSubnetIds?: readonly string[];
}

/** Domain names: 3-28 characters, a lower-case letter first, then lower-case letters, digits and hyphens. */
export function assertDomainName(name: string): void {
  assertMatches("domainName", name, /^[a-z][a-z0-9-]{2,27}$/, "3-28 characters, starting with a lower-case letter, of [a-z0-9-]");
}

/** Only OpenSearch engines (`OpenSearch_<major>.<minor>`): fine-grained access control and the TLS policy need them. */
export function assertEngineVersion(engineVersion: string): void {
  assertMatches("engineVersion", engineVersion, /^OpenSearch_[1-9]\d*\.\d+$/, "of the form OpenSearch_<major>.<minor> (e.g. OpenSearch_2.19)");
}

/** `<family>.<size>.search`; T2 types cannot encrypt at rest, which this module never turns off. */
export function assertInstanceType(name: string, instanceType: string | undefined): void {
  if (instanceType === undefined || Token.isUnresolved(instanceType)) return;
  assertMatches(name, instanceType, /^[a-z][a-z0-9-]*\.[a-z0-9]+\.search$/, "an OpenSearch instance type like r6g.large.search");
  if (instanceType.startsWith("t2.")) {
    throw new Error(`${name} must not be a T2 type: T2 instances do not support encryption at rest, got "${instanceType}"`);
  }
}

/** Every sizing rule at once, in the order a reader would check them. */
export function assertDomainSizing(sizing: DomainSizing): void {
  assertEngineVersion(sizing.engineVersion);
  assertInstanceType("instanceType", sizing.instanceType);
  assertIntegerInRange("instanceCount", sizing.instanceCount, 1, 1002);
  assertOneOf("availabilityZoneCount", sizing.availabilityZoneCount, [1, 2, 3]);
  if (!Token.isUnresolved(sizing.instanceCount)) {
    if (sizing.availabilityZoneCount > 1 && sizing.instanceCount % sizing.availabilityZoneCount !== 0) {
      throw new Error(
        `instanceCount must be a multiple of availabilityZoneCount (${sizing.availabilityZoneCount}) with zone awareness, got ${sizing.instanceCount}`,
      );
    }
  }
  assertInstanceType("dedicatedMasterType", sizing.dedicatedMasterType);
  if (sizing.dedicatedMasterType !== undefined) assertOneOf("dedicatedMasterCount", sizing.dedicatedMasterCount, [3, 5]);
  // The maximum depends on the instance type (AWS's EBS quotas table); only the floor common to all is checked.
  const volume = sizing.ebsVolumeSizeGiB;
  if (!Token.isUnresolved(volume) && (!Number.isInteger(volume) || volume < MIN_EBS_VOLUME_SIZE_GIB)) {
    throw new Error(`ebsVolumeSizeGiB must be a whole number of at least ${MIN_EBS_VOLUME_SIZE_GIB} GiB, got ${volume}`);
  }
  const subnets = sizing.vpcSubnetIds;
  if (subnets !== undefined && !Token.isUnresolved(subnets)) {
    if (subnets.length !== sizing.availabilityZoneCount) {
      throw new Error(
        `vpcSubnetIds must hold one subnet per Availability Zone (${sizing.availabilityZoneCount}), got ${subnets.length}`,
      );
    }
  }
}

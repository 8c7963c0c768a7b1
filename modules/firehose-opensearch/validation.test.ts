import { describe, expect, test } from "vitest";
import { Label } from "../shared/label";
import { TEST_LOCATION, testStack } from "../shared/testing";
import { assertIndexName } from "./delivery-rules";
import { OpenSearchDestination } from "./destination";
import { FirehoseOpenSearch, type FirehoseOpenSearchProps } from "./firehose-opensearch";

const label = new Label({ namespace: "acme", environment: "prod", name: "logs" });
const build = (overrides: Partial<FirehoseOpenSearchProps>) =>
  new FirehoseOpenSearch(testStack(), "Search", { label, location: TEST_LOCATION, ...overrides });

describe("FirehoseOpenSearch validation", () => {
  test("fails when the index name is upper-case, has forbidden characters, a bad first character or is too long", () => {
    expect(() => build({ indexName: "Events" })).toThrow(/indexName must be lower-case, got "Events"/);
    expect(() => build({ indexName: "a b:c" })).toThrow(/indexName must not contain " " ":", got "a b:c"/);
    expect(() => build({ indexName: "_events" })).toThrow(/indexName must not start with _, - or \+, got "_events"/);
    expect(() => build({ indexName: "-events" })).toThrow(/must not start with _, - or \+/);
    expect(() => build({ indexName: "+events" })).toThrow(/must not start with _, - or \+/);
    expect(() => build({ indexName: ".." })).toThrow(/indexName must not be "." or ".."/);
    expect(() => build({ indexName: "e".repeat(81) })).toThrow(/indexName must be between 1 and 80 characters long \(81\)/);
    expect(() => assertIndexName("events-2024.v1")).not.toThrow();
  });

  test("fails when the rotation is unknown, or set on a serverless collection", () => {
    expect(() => build({ indexRotation: "OneYear" as never })).toThrow(/indexRotation must be one of NoRotation, OneHour, OneDay, OneWeek, OneMonth, got OneYear/);
    expect(() => build({ destination: OpenSearchDestination.serverlessCollection(), indexRotation: "OneDay" })).toThrow(
      /indexRotation must be NoRotation for a serverless collection, got OneDay/,
    );
  });

  test("fails when the retry duration is outside 0-7200 seconds", () => {
    expect(() => build({ retryDurationSeconds: 7201 })).toThrow(/retryDurationSeconds must be a whole number between 0 and 7200, got 7201/);
    expect(() => build({ retryDurationSeconds: -1 })).toThrow(/retryDurationSeconds must be a whole number between 0 and 7200, got -1/);
  });

  test("fails when buffering is outside 0-900 seconds or 1-100 MiB", () => {
    expect(() => build({ bufferingIntervalSeconds: 901 })).toThrow(/bufferingIntervalSeconds must be a whole number between 0 and 900, got 901/);
    expect(() => build({ bufferingSizeMiB: 0 })).toThrow(/bufferingSizeMiB must be a whole number between 1 and 100 MiB, got 0/);
    expect(() => build({ bufferingSizeMiB: 101 })).toThrow(/bufferingSizeMiB must be a whole number between 1 and 100 MiB, got 101/);
  });

  test("fails when the backup mode is unknown", () => {
    expect(() => build({ s3BackupMode: "None" as never })).toThrow(/s3BackupMode must be one of FailedDocumentsOnly, AllDocuments, got None/);
  });

  test("fails when the log retention is not a CloudWatch value", () => {
    expect(() => build({ logRetentionDays: 31 })).toThrow(/logRetentionDays must be one of .*got 31/);
  });

  test("fails when VPC delivery is asked for a serverless collection", () => {
    expect(() => build({ destination: OpenSearchDestination.serverlessCollection(), vpc: { vpcId: "vpc-1", subnetIds: ["subnet-a"] } })).toThrow(
      /vpc is not supported for a serverless collection/,
    );
  });

  test("fails when VPC subnets or security groups are too few or too many", () => {
    const existing = OpenSearchDestination.existingDomain("arn:aws:es:eu-west-1:111122223333:domain/shared", "vpc-shared.eu-west-1.es.amazonaws.com");
    expect(() => build({ destination: existing, vpc: { vpcId: "vpc-1", subnetIds: [] } })).toThrow(/vpc.subnetIds count must be a whole number between 1 and 16, got 0/);
    const sixGroups = ["sg-1", "sg-2", "sg-3", "sg-4", "sg-5", "sg-6"];
    expect(() => build({ destination: existing, vpc: { vpcId: "vpc-1", subnetIds: ["subnet-a"], securityGroupIds: sixGroups } })).toThrow(
      /vpc.securityGroupIds count must be a whole number between 1 and 5, got 6/,
    );
  });

  test("fails when the created domain's subnets do not match its zones", () => {
    expect(() => build({ vpc: { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b", "subnet-c"] } })).toThrow(
      /vpcSubnetIds must hold one subnet per Availability Zone \(2\), got 3/,
    );
  });

  test("fails when the created domain's sizing breaks an AWS rule", () => {
    expect(() => build({ destination: OpenSearchDestination.newDomain({ instanceCount: 3, availabilityZoneCount: 2 }) })).toThrow(
      /instanceCount must be a multiple of availabilityZoneCount \(2\) with zone awareness, got 3/,
    );
  });

  test("fails when an existing domain's ARN or endpoint is malformed", () => {
    expect(() => OpenSearchDestination.existingDomain("arn:aws:es:eu-west-1:111122223333:shared", "x.es.amazonaws.com")).toThrow(
      /domainArn must be arn:<partition>:es:<region>:<account>:domain\/<name>, got "arn:aws:es:eu-west-1:111122223333:shared"/,
    );
    expect(() => OpenSearchDestination.existingDomain("arn:aws:es:eu-west-1:111122223333:domain/shared", "https://x.es.amazonaws.com")).toThrow(
      /domainEndpoint must be a host name without scheme or path, got "https:\/\/x.es.amazonaws.com"/,
    );
  });

  test("fails when the label gives an invalid collection name", () => {
    const numeric = new Label({ namespace: "9acme", environment: "prod" });
    expect(() => new FirehoseOpenSearch(testStack(), "S", { label: numeric, location: TEST_LOCATION, destination: OpenSearchDestination.serverlessCollection() })).toThrow(
      /collectionName must be 3-32 characters, starting with a lower-case letter, of \[a-z0-9-\], got "9acme-prod"/,
    );
  });
});

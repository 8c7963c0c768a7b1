import { describe, expect, test } from "vitest";
import { validateStackDirs, synthToDir } from "../../test/terraform";
import { ImportedKinesisStream } from "../kinesis-ingest/imported-stream";
import { Label } from "../shared/label";
import { TEST_LOCATION, testStack } from "../shared/testing";
import { OpenSearchDestination } from "./destination";
import { FirehoseOpenSearch } from "./firehose-opensearch";

const label = new Label({ namespace: "acme", environment: "prod", name: "logs" });

function domainStack() {
  const stack = testStack();
  const source = new ImportedKinesisStream(stack, "Source", { streamName: "acme-prod-events", location: TEST_LOCATION });
  new FirehoseOpenSearch(stack, "Search", {
    label,
    location: TEST_LOCATION,
    sourceStream: source,
    destination: OpenSearchDestination.newDomain({
      masterUserArn: "arn:aws:iam::111122223333:role/search-admins",
      instanceType: "r6g.xlarge.search",
      instanceCount: 3,
      availabilityZoneCount: 3,
      dedicatedMasterType: "m6g.large.search",
      ebsVolumeSizeGiB: 100,
      logRetentionDays: 90,
    }),
    indexName: "events",
    indexRotation: "OneHour",
    retryDurationSeconds: 900,
    bufferingIntervalSeconds: 120,
    bufferingSizeMiB: 10,
    s3BackupMode: "AllDocuments",
    backupPrefix: "all/",
    vpc: { vpcId: "vpc-0abc", subnetIds: ["subnet-a", "subnet-b", "subnet-c"] },
    logRetentionDays: 14,
  });
  new FirehoseOpenSearch(stack, "Existing", {
    label: label.with("existing"),
    location: TEST_LOCATION,
    destination: OpenSearchDestination.existingDomain(
      "arn:aws:es:eu-west-1:111122223333:domain/shared-search",
      "vpc-shared-search-abc.eu-west-1.es.amazonaws.com",
    ),
    vpc: { vpcId: "vpc-0abc", subnetIds: ["subnet-a"], securityGroupIds: ["sg-1", "sg-2"] },
  });
  return stack;
}

function serverlessStack() {
  const stack = testStack();
  new FirehoseOpenSearch(stack, "Search", {
    label,
    location: TEST_LOCATION,
    destination: OpenSearchDestination.serverlessCollection({
      collectionType: "SEARCH",
      standbyReplicas: "DISABLED",
      encryptionKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    }),
    indexName: "events",
  });
  return stack;
}

describe("FirehoseOpenSearch terraform validate", () => {
  test("a domain stack (VPC, AllDocuments, Kinesis source, existing domain) and a serverless stack are valid Terraform", async () => {
    const results = await validateStackDirs([synthToDir(domainStack(), "firehose-opensearch-domain"), synthToDir(serverlessStack(), "firehose-opensearch-serverless")]);
    for (const result of results) {
      expect(result.errors).toEqual([]);
      expect(result.valid).toBe(true);
    }
  });
});

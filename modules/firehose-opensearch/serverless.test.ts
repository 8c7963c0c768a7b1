import { describe, expect, test } from "vitest";
import { Label } from "../shared/label";
import { TEST_LOCATION, constructTree, synth, testStack } from "../shared/testing";
import { OpenSearchDestination } from "./destination";
import { FirehoseOpenSearch } from "./firehose-opensearch";

const label = new Label({ namespace: "acme", environment: "prod", name: "logs" });
const KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

function build(options: Parameters<typeof OpenSearchDestination.serverlessCollection>[0] = {}) {
  const stack = testStack();
  const delivery = new FirehoseOpenSearch(stack, "Search", {
    label,
    location: TEST_LOCATION,
    destination: OpenSearchDestination.serverlessCollection(options),
    indexName: "events",
  });
  return { stack, delivery, out: synth(stack) };
}

describe("FirehoseOpenSearch into a serverless collection", () => {
  const { stack, out } = build();
  const policies = Object.values(out.resources("aws_opensearchserverless_security_policy"));
  const encryption = policies.find((p) => p.type === "encryption")!;
  const network = policies.find((p) => p.type === "network")!;
  const collection = out.only("aws_opensearchserverless_collection");

  test("a TIMESERIES collection with standby replicas, created after its encryption and network policies", () => {
    expect(collection).toMatchObject({ name: "acme-prod-logs", type: "TIMESERIES", standby_replicas: "ENABLED" });
    expect(collection.depends_on).toEqual([
      expect.stringMatching(/^aws_opensearchserverless_security_policy\.Search_Collection_EncryptionPolicy_/),
      expect.stringMatching(/^aws_opensearchserverless_security_policy\.Search_Collection_NetworkPolicy_/),
    ]);
  });

  test("encryption with an AWS-owned key; HTTPS endpoint for the collection only, dashboards closed", () => {
    expect(encryption.name).toBe("acme-prod-logs");
    expect(JSON.parse(encryption.policy)).toEqual({ Rules: [{ ResourceType: "collection", Resource: ["collection/acme-prod-logs"] }], AWSOwnedKey: true });
    expect(JSON.parse(network.policy)).toEqual([{ Rules: [{ ResourceType: "collection", Resource: ["collection/acme-prod-logs"] }], AllowFromPublic: true }]);
  });

  test("data access policy lets the delivery role write only its index", () => {
    const access = out.only("aws_opensearchserverless_access_policy");
    expect(access.type).toBe("data");
    expect(JSON.parse(access.policy)).toEqual([
      {
        Rules: [
          {
            ResourceType: "index",
            Resource: ["index/acme-prod-logs/events"],
            Permission: ["aoss:CreateIndex", "aoss:UpdateIndex", "aoss:DescribeIndex", "aoss:WriteDocument"],
          },
        ],
        Principal: [expect.stringMatching(/^\$\{aws_iam_role\.Search_Role_[A-F0-9]+\.arn\}$/)],
      },
    ]);
  });

  test("the role gets aoss:APIAccessAll on the collection ARN only", () => {
    expect(out.statementsWithAction("aoss:APIAccessAll")).toEqual([
      {
        Sid: "OpenSearchServerlessWrite",
        Effect: "Allow",
        Action: ["aoss:APIAccessAll"],
        Resource: [expect.stringMatching(/^\$\{aws_opensearchserverless_collection\.Search_Collection_[A-F0-9]+\.arn\}$/)],
      },
    ]);
    expect(out.statementsWithAction("es:ESHttpPost")).toEqual([]);
  });

  test("the delivery stream targets the collection endpoint without rotation", () => {
    const stream = out.only("aws_kinesis_firehose_delivery_stream");
    expect(stream.destination).toBe("opensearchserverless");
    expect(stream.opensearch_configuration).toBeUndefined();
    const config = stream.opensearchserverless_configuration;
    expect(config.collection_endpoint).toMatch(/^\$\{aws_opensearchserverless_collection\.Search_Collection_[A-F0-9]+\.collection_endpoint\}$/);
    expect(config).toMatchObject({ index_name: "events", retry_duration: 300, buffering_interval: 60, buffering_size: 5, s3_backup_mode: "FailedDocumentsOnly" });
    expect(config.index_rotation_period).toBeUndefined();
    expect(out.count("aws_opensearch_domain")).toBe(0);
  });

  test("construct tree", () => {
    expect(constructTree(stack).filter((path) => path.startsWith("test/Search/Collection"))).toEqual([
      "test/Search/Collection",
      "test/Search/Collection/DataAccessPolicy",
      "test/Search/Collection/EncryptionPolicy",
      "test/Search/Collection/NetworkPolicy",
      "test/Search/Collection/Resource",
    ]);
  });

  test("SEARCH type, no standby replicas, a customer key", () => {
    const { out: custom } = build({ collectionType: "SEARCH", standbyReplicas: "DISABLED", encryptionKeyArn: KEY });
    expect(custom.only("aws_opensearchserverless_collection")).toMatchObject({ type: "SEARCH", standby_replicas: "DISABLED" });
    const policy = Object.values(custom.resources("aws_opensearchserverless_security_policy")).find((p) => p.type === "encryption")!;
    expect(JSON.parse(policy.policy)).toEqual({
      Rules: [{ ResourceType: "collection", Resource: ["collection/acme-prod-logs"] }],
      AWSOwnedKey: false,
      KmsARN: KEY,
    });
  });
});

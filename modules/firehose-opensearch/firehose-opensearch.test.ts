import { describe, expect, test } from "vitest";
import { Label } from "../shared/label";
import type { Grantee, PolicyStatement } from "../shared/policy";
import { ServiceRole } from "../shared/service-role";
import { TEST_LOCATION, constructTree, synth, testStack } from "../shared/testing";
import { OpenSearchDestination } from "./destination";
import { deliveryWriterRole } from "./delivery-writer-role";
import { FirehoseOpenSearch, type FirehoseOpenSearchProps } from "./firehose-opensearch";
import type { DeliverySourceStream } from "./source";

const label = new Label({ namespace: "acme", environment: "prod", name: "logs" });
const ref = (type: string, path: string, attribute: string) => expect.stringMatching(new RegExp(`^\\$\\{${type}\\.${path}_[A-F0-9]{8}\\.${attribute}\\}`));

function build(overrides: Partial<FirehoseOpenSearchProps> = {}) {
  const stack = testStack();
  const delivery = new FirehoseOpenSearch(stack, "Search", { label, location: TEST_LOCATION, ...overrides });
  return { stack, delivery };
}

/** A source stream recording what it granted, as kinesis-ingest's streams do. */
function sourceStream(): DeliverySourceStream {
  const streamArn = "arn:aws:kinesis:eu-west-1:111122223333:stream/acme-prod-events";
  return {
    streamArn,
    streamName: "acme-prod-events",
    grantRead(grantee: Grantee) {
      grantee.addToPolicy({ sid: "SourceRead", actions: ["kinesis:DescribeStream", "kinesis:GetRecords"], resources: [streamArn] });
    },
  };
}

describe("FirehoseOpenSearch defaults", () => {
  const { stack } = build();
  const out = synth(stack);
  const stream = out.only("aws_kinesis_firehose_delivery_stream");
  const config = stream.opensearch_configuration;

  test("a direct-PUT stream, encrypted with an AWS-owned key, into a created domain", () => {
    expect(stream.name).toBe("acme-prod-logs");
    expect(stream.destination).toBe("opensearch");
    expect(stream.kinesis_source_configuration).toBeUndefined();
    expect(stream.server_side_encryption).toEqual({ enabled: true, key_type: "AWS_OWNED_CMK" });
    expect(stream.depends_on).toEqual([expect.stringMatching(/^aws_iam_role_policy\.Search_Role_Policy_/)]);
    expect(out.only("aws_opensearch_domain").domain_name).toBe("acme-prod-logs");
  });

  test("index, rotation, retry, buffering and backup defaults", () => {
    expect(config).toEqual({
      domain_arn: ref("aws_opensearch_domain", "Search_Domain", "arn"),
      index_name: "acme-prod-logs",
      index_rotation_period: "OneDay",
      retry_duration: 300,
      buffering_interval: 60,
      buffering_size: 5,
      role_arn: ref("aws_iam_role", "Search_Role", "arn"),
      s3_backup_mode: "FailedDocumentsOnly",
      cloudwatch_logging_options: {
        enabled: true,
        log_group_name: ref("aws_cloudwatch_log_group", "Search_LogGroup", "name"),
        log_stream_name: "DestinationDelivery",
      },
      s3_configuration: {
        bucket_arn: ref("aws_s3_bucket", "Search_BackupBucket", "arn"),
        role_arn: ref("aws_iam_role", "Search_Role", "arn"),
        prefix: "opensearch-backup/",
        compression_format: "GZIP",
        cloudwatch_logging_options: {
          enabled: true,
          log_group_name: ref("aws_cloudwatch_log_group", "Search_LogGroup", "name"),
          log_stream_name: "BackupDelivery",
        },
      },
    });
  });

  test("the backup bucket is a SecureBucket named from the label", () => {
    expect(out.only("aws_s3_bucket").bucket).toBe("acme-prod-logs-backup");
    expect(out.count("aws_s3_bucket_public_access_block")).toBe(1);
    expect(out.only("aws_s3_bucket_versioning").versioning_configuration.status).toBe("Enabled");
  });

  test("error log group with 30 days retention and both log streams", () => {
    const logGroup = Object.values(out.resources("aws_cloudwatch_log_group")).find((g) => g.name === "/aws/kinesisfirehose/acme-prod-logs");
    expect(logGroup?.retention_in_days).toBe(30);
    expect(Object.values(out.resources("aws_cloudwatch_log_stream")).map((s) => [s.name, s.log_group_name])).toEqual([
      ["BackupDelivery", ref("aws_cloudwatch_log_group", "Search_LogGroup", "name")],
      ["DestinationDelivery", ref("aws_cloudwatch_log_group", "Search_LogGroup", "name")],
    ]);
  });

  test("the created domain's master user is a dedicated administrator role, never the delivery role, which is only a writer", () => {
    const domain = out.only("aws_opensearch_domain");
    const adminArn = ref("aws_iam_role", "Search_DomainAdminRole", "arn");
    expect(domain.advanced_security_options.master_user_options).toEqual({ master_user_arn: adminArn });
    const policy = JSON.parse(out.only("aws_opensearch_domain_policy").access_policies);
    expect(policy.Statement.map((s: { Sid: string; Principal: unknown }) => [s.Sid, s.Principal])).toEqual([
      ["Administrators", { AWS: [adminArn] }],
      ["Writers", { AWS: [ref("aws_iam_role", "Search_Role", "arn")] }],
    ]);
  });

  test("administrator role: named from the label, assumable only by principals of the account that are allowed to, no policy of its own", () => {
    const admin = Object.values(out.resources("aws_iam_role")).find((r) => r.name === "acme-prod-logs-search-admin")!;
    expect(FirehoseOpenSearch.domainAdminRoleNameOf(label)).toBe("acme-prod-logs-search-admin");
    expect(JSON.parse(admin.assume_role_policy)).toEqual({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:AssumeRole" }] });
    expect(Object.values(out.resources("aws_iam_role_policy")).map((p) => p.role)).toEqual([ref("aws_iam_role", "Search_Role", "id")]);
  });

  test("the delivery role's OpenSearch role writes its index and rotations, with no delete and no administration", () => {
    const writer = deliveryWriterRole("acme-prod-logs", "arn:aws:iam::111122223333:role/acme-prod-logs-firehose");
    expect(writer).toEqual({
      roleName: "firehose_writer_acme-prod-logs",
      role: {
        description: "Firehose delivery into acme-prod-logs*: create the index and bulk-index documents",
        cluster_permissions: ["cluster_monitor", "indices:data/write/bulk"],
        index_permissions: [{ index_patterns: ["acme-prod-logs*"], allowed_actions: ["create_index", "index", "indices:admin/mapping/put"] }],
      },
      mapping: { backend_roles: ["arn:aws:iam::111122223333:role/acme-prod-logs-firehose"], description: "The Firehose delivery role writing acme-prod-logs*" },
    });
    expect(JSON.stringify(writer.role)).not.toMatch(/delete|all_access|"\*"|manage/);
  });

  test("role: trusted by Firehose for this account only, named from the label", () => {
    const role = Object.values(out.resources("aws_iam_role")).find((r) => r.name === "acme-prod-logs-firehose")!;
    expect(role.name).toBe("acme-prod-logs-firehose");
    expect(JSON.parse(role.assume_role_policy).Statement[0]).toEqual({
      Effect: "Allow",
      Principal: { Service: "firehose.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
    });
  });

  test("least-privilege statements: backup prefix, error logs, the domain and its paths", () => {
    const bucketArn = "${" + Object.keys(out.resources("aws_s3_bucket")).map((k) => `aws_s3_bucket.${k}.arn`)[0] + "}";
    const domainArn = "${" + Object.keys(out.resources("aws_opensearch_domain")).map((k) => `aws_opensearch_domain.${k}.arn`)[0] + "}";
    const logGroupArn = "${" + Object.keys(out.resources("aws_cloudwatch_log_group")).filter((k) => k.startsWith("Search_LogGroup")).map((k) => `aws_cloudwatch_log_group.${k}.arn`)[0] + "}";
    const statements = out.rolePolicyStatements();
    expect(statements).toHaveLength(5);
    expect(statements[0]).toEqual({ Effect: "Allow", Action: ["s3:GetBucketLocation", "s3:ListBucketMultipartUploads"], Resource: [bucketArn] });
    expect(statements[1]).toEqual({ Effect: "Allow", Action: ["s3:AbortMultipartUpload", "s3:PutObject"], Resource: [`${bucketArn}/opensearch-backup/*`] });
    expect(statements[2]).toMatchObject({ Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"] });
    expect(statements[3]).toEqual({ Sid: "DeliveryErrorLogs", Effect: "Allow", Action: ["logs:PutLogEvents"], Resource: [`${logGroupArn}:log-stream:*`] });
    expect(statements[4]).toEqual({
      Sid: "OpenSearchDomainWrite",
      Effect: "Allow",
      Action: ["es:DescribeDomain", "es:DescribeDomains", "es:DescribeDomainConfig", "es:ESHttpGet", "es:ESHttpPost", "es:ESHttpPut"],
      Resource: [domainArn, `${domainArn}/*`],
    });
  });

  test("construct tree", () => {
    expect(constructTree(stack).filter((path) => !path.startsWith("test/Search/BackupBucket/") && !path.startsWith("test/Search/Domain/"))).toEqual([
      "test/Search",
      "test/Search/BackupBucket",
      "test/Search/BackupLogStream",
      "test/Search/DestinationLogStream",
      "test/Search/Domain",
      "test/Search/DomainAdminRole",
      "test/Search/DomainAdminRole/Resource",
      "test/Search/LogGroup",
      "test/Search/Resource",
      "test/Search/Role",
      "test/Search/Role/Policy",
      "test/Search/Role/Resource",
    ]);
  });
});

describe("FirehoseOpenSearch options", () => {
  test("a Kinesis source: read grant, no server-side encryption, no direct PUT", () => {
    const { stack, delivery } = build({ sourceStream: sourceStream() });
    const out = synth(stack);
    const stream = out.only("aws_kinesis_firehose_delivery_stream");
    expect(stream.kinesis_source_configuration).toEqual({
      kinesis_stream_arn: "arn:aws:kinesis:eu-west-1:111122223333:stream/acme-prod-events",
      role_arn: ref("aws_iam_role", "Search_Role", "arn"),
    });
    expect(stream.server_side_encryption).toBeUndefined();
    expect(out.statementsWithAction("kinesis:GetRecords")).toEqual([
      { Sid: "SourceRead", Effect: "Allow", Action: ["kinesis:DescribeStream", "kinesis:GetRecords"], Resource: ["arn:aws:kinesis:eu-west-1:111122223333:stream/acme-prod-events"] },
    ]);
    const producer = new ServiceRole(stack, "Producer", { label: label.with("producer"), servicePrincipal: "lambda.amazonaws.com" });
    expect(() => delivery.grantPutRecords(producer)).toThrow(/grantPutRecords needs a direct PUT stream/);
  });

  test("grantPutRecords on a direct-PUT stream", () => {
    const { stack, delivery } = build();
    const producer = new ServiceRole(stack, "Producer", { label: label.with("producer"), servicePrincipal: "lambda.amazonaws.com" });
    delivery.grantPutRecords(producer);
    expect(synth(stack).statementsWithAction("firehose:PutRecord")).toEqual([
      {
        Sid: "FirehosePutRecords",
        Effect: "Allow",
        Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
        Resource: [ref("aws_kinesis_firehose_delivery_stream", "Search", "arn")],
      },
    ]);
  });

  test("index, rotation, retry, buffering, AllDocuments, prefix, log retention and a given master user", () => {
    const { stack } = build({
      indexName: "events",
      indexRotation: "OneHour",
      retryDurationSeconds: 7200,
      bufferingIntervalSeconds: 0,
      bufferingSizeMiB: 100,
      s3BackupMode: "AllDocuments",
      backupPrefix: "all/",
      logRetentionDays: 14,
      destination: OpenSearchDestination.newDomain({ masterUserArn: "arn:aws:iam::111122223333:role/admins", instanceCount: 1 }),
    });
    const out = synth(stack);
    expect(out.only("aws_kinesis_firehose_delivery_stream").opensearch_configuration).toMatchObject({
      index_name: "events",
      index_rotation_period: "OneHour",
      retry_duration: 7200,
      buffering_interval: 0,
      buffering_size: 100,
      s3_backup_mode: "AllDocuments",
      s3_configuration: { prefix: "all/" },
    });
    expect(out.statementsWithAction("s3:PutObject")[0]!.Resource[0]).toMatch(/\/all\/\*$/);
    const logGroup = Object.values(out.resources("aws_cloudwatch_log_group")).find((g) => g.name === "/aws/kinesisfirehose/acme-prod-logs");
    expect(logGroup?.retention_in_days).toBe(14);
    expect(out.only("aws_opensearch_domain").advanced_security_options.master_user_options).toEqual({
      master_user_arn: "arn:aws:iam::111122223333:role/admins",
    });
    // A given master user: no administrator role is created, the delivery role is the only role.
    expect(Object.values(out.resources("aws_iam_role")).map((r) => r.name)).toEqual(["acme-prod-logs-firehose"]);
  });

  test("an existing domain: no domain created, the statement on its ARN", () => {
    const arn = "arn:aws:es:eu-west-1:111122223333:domain/shared-search";
    const { stack, delivery } = build({ destination: OpenSearchDestination.existingDomain(arn, "search-shared.eu-west-1.es.amazonaws.com") });
    const out = synth(stack);
    expect(out.count("aws_opensearch_domain")).toBe(0);
    expect(out.only("aws_kinesis_firehose_delivery_stream").opensearch_configuration.domain_arn).toBe(arn);
    expect(out.statementsWithAction("es:ESHttpPost")[0]!.Resource).toEqual([arn, `${arn}/*`]);
    expect([delivery.domainName, delivery.domainEndpoint]).toEqual(["shared-search", "search-shared.eu-west-1.es.amazonaws.com"]);
  });

  test("a given backup bucket gets the write grant and no bucket is created", () => {
    const granted: PolicyStatement[] = [];
    const stack = testStack();
    new FirehoseOpenSearch(stack, "Search", {
      label,
      location: TEST_LOCATION,
      backupBucket: {
        bucketName: "team-backups",
        bucketArn: "arn:aws:s3:::team-backups",
        grant: () => undefined,
        grantRead: () => undefined,
        grantWrite: (grantee, prefix) => granted.push({ actions: ["s3:PutObject"], resources: [`arn:aws:s3:::team-backups/${prefix}*`] }),
        addToResourcePolicy: () => undefined,
      },
    });
    const out = synth(stack);
    expect(out.count("aws_s3_bucket")).toBe(0);
    expect(granted).toEqual([{ actions: ["s3:PutObject"], resources: ["arn:aws:s3:::team-backups/opensearch-backup/*"] }]);
    expect(out.only("aws_kinesis_firehose_delivery_stream").opensearch_configuration.s3_configuration.bucket_arn).toBe("arn:aws:s3:::team-backups");
  });
});

import { describe, expect, test } from "vitest";
import { Label } from "../shared/label";
import { ServiceRole } from "../shared/service-role";
import { TEST_LOCATION, constructTree, synth, testStack } from "../shared/testing";
import { OpenSearchDomain, type OpenSearchDomainProps, defaultAvailabilityZoneCount } from "./opensearch-domain";

const label = new Label({ namespace: "acme", environment: "prod", name: "logs" });
const MASTER = "arn:aws:iam::111122223333:role/search-admins";

function build(overrides: Partial<OpenSearchDomainProps> = {}) {
  const stack = testStack();
  const domain = new OpenSearchDomain(stack, "Domain", { label, location: TEST_LOCATION, masterUserArn: MASTER, ...overrides });
  return { stack, domain };
}

describe("OpenSearchDomain defaults", () => {
  const { stack } = build();
  const out = synth(stack);
  const domain = out.only("aws_opensearch_domain");

  test("two r6g.large data nodes across two zones on 20 GiB gp3", () => {
    expect(domain.domain_name).toBe("acme-prod-logs");
    expect(domain.engine_version).toBe("OpenSearch_2.19");
    expect(domain.cluster_config).toEqual({
      instance_type: "r6g.large.search",
      instance_count: 2,
      zone_awareness_enabled: true,
      zone_awareness_config: { availability_zone_count: 2 },
      dedicated_master_enabled: false,
    });
    expect(domain.ebs_options).toEqual({ ebs_enabled: true, volume_type: "gp3", volume_size: 20 });
    expect(domain.vpc_options).toBeUndefined();
  });

  test("encrypts at rest and between nodes, HTTPS only with the PFS TLS 1.2 policy", () => {
    expect(domain.encrypt_at_rest).toEqual({ enabled: true });
    expect(domain.node_to_node_encryption).toEqual({ enabled: true });
    expect(domain.domain_endpoint_options).toEqual({ enforce_https: true, tls_security_policy: "Policy-Min-TLS-1-2-PFS-2023-10" });
    expect(domain.software_update_options).toEqual({ auto_software_update_enabled: true });
  });

  test("fine-grained access control with an IAM master user and no internal users", () => {
    expect(domain.advanced_security_options).toEqual({
      enabled: true,
      anonymous_auth_enabled: false,
      internal_user_database_enabled: false,
      master_user_options: { master_user_arn: MASTER },
    });
  });

  test("publishes four log types to log groups with 30 days retention", () => {
    const groups = Object.values(out.resources("aws_cloudwatch_log_group"));
    expect(groups.map((g) => [g.name, g.retention_in_days]).sort()).toEqual([
      ["/aws/opensearch/domains/acme-prod-logs/application-logs", 30],
      ["/aws/opensearch/domains/acme-prod-logs/audit-logs", 30],
      ["/aws/opensearch/domains/acme-prod-logs/index-slow-logs", 30],
      ["/aws/opensearch/domains/acme-prod-logs/search-slow-logs", 30],
    ]);
    expect(domain.log_publishing_options.map((o: { log_type: string; enabled: boolean }) => [o.log_type, o.enabled])).toEqual([
      ["INDEX_SLOW_LOGS", true],
      ["SEARCH_SLOW_LOGS", true],
      ["ES_APPLICATION_LOGS", true],
      ["AUDIT_LOGS", true],
    ]);
    expect(domain.log_publishing_options[0].cloudwatch_log_group_arn).toMatch(/^\$\{aws_cloudwatch_log_group\.Domain_Logs_IndexSlowLogs_[A-F0-9]+\.arn\}$/);
    expect(domain.depends_on).toEqual([expect.stringMatching(/^aws_cloudwatch_log_resource_policy\./)]);
  });

  test("lets es.amazonaws.com write only to those log groups, only for this domain", () => {
    const policy = out.only("aws_cloudwatch_log_resource_policy");
    expect(policy.policy_name).toBe("acme-prod-logs-opensearch-logs");
    const document = JSON.parse(policy.policy_document);
    expect(document.Statement).toHaveLength(1);
    const [statement] = document.Statement;
    expect(statement.Sid).toBe("OpenSearchPublishLogs");
    expect(statement.Principal).toEqual({ Service: "es.amazonaws.com" });
    expect(statement.Action).toEqual(["logs:CreateLogStream", "logs:PutLogEvents"]);
    expect(statement.Resource).toHaveLength(4);
    for (const resource of statement.Resource) expect(resource).toMatch(/^\$\{aws_cloudwatch_log_group\.[A-Za-z_0-9]+\.arn\}:\*$/);
    expect(statement.Condition).toEqual({
      StringEquals: { "aws:SourceAccount": "111122223333" },
      ArnLike: { "aws:SourceArn": "arn:aws:es:eu-west-1:111122223333:domain/acme-prod-logs" },
    });
  });

  test("access policy names the master user only, never Principal *", () => {
    const policy = JSON.parse(out.only("aws_opensearch_domain_policy").access_policies);
    expect(policy.Statement).toEqual([
      {
        Sid: "Administrators",
        Effect: "Allow",
        Principal: { AWS: [MASTER] },
        Action: ["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut", "es:ESHttpPatch", "es:ESHttpDelete"],
        Resource: expect.stringMatching(/^\$\{aws_opensearch_domain\.Domain_[A-F0-9]+\.arn\}\/\*$/),
      },
    ]);
  });

  test("construct tree", () => {
    expect(constructTree(stack)).toEqual([
      "test/Domain",
      "test/Domain/AccessPolicy",
      "test/Domain/Logs",
      "test/Domain/Logs/ApplicationLogs",
      "test/Domain/Logs/AuditLogs",
      "test/Domain/Logs/IndexSlowLogs",
      "test/Domain/Logs/ResourcePolicy",
      "test/Domain/Logs/SearchSlowLogs",
      "test/Domain/Resource",
    ]);
  });
});

describe("OpenSearchDomain options", () => {
  test("dedicated masters, three zones, six nodes, VPC, bigger volumes, log retention", () => {
    const { stack } = build({
      instanceType: "m6g.xlarge.search",
      instanceCount: 6,
      availabilityZoneCount: 3,
      dedicatedMasterType: "m6g.large.search",
      dedicatedMasterCount: 5,
      ebsVolumeSizeGiB: 500,
      engineVersion: "OpenSearch_2.17",
      logRetentionDays: 90,
      vpcSubnetIds: ["subnet-a", "subnet-b", "subnet-c"],
      vpcSecurityGroupIds: ["sg-1"],
    });
    const out = synth(stack);
    const domain = out.only("aws_opensearch_domain");
    expect(domain.engine_version).toBe("OpenSearch_2.17");
    expect(domain.cluster_config).toEqual({
      instance_type: "m6g.xlarge.search",
      instance_count: 6,
      zone_awareness_enabled: true,
      zone_awareness_config: { availability_zone_count: 3 },
      dedicated_master_enabled: true,
      dedicated_master_type: "m6g.large.search",
      dedicated_master_count: 5,
    });
    expect(domain.ebs_options.volume_size).toBe(500);
    expect(domain.vpc_options).toEqual({ subnet_ids: ["subnet-a", "subnet-b", "subnet-c"], security_group_ids: ["sg-1"] });
    for (const group of Object.values(out.resources("aws_cloudwatch_log_group"))) expect(group.retention_in_days).toBe(90);
  });

  test("a single node has no zone awareness", () => {
    const domain = synth(build({ instanceCount: 1, instanceType: "t3.medium.search" }).stack).only("aws_opensearch_domain");
    expect(domain.cluster_config).toEqual({
      instance_type: "t3.medium.search",
      instance_count: 1,
      zone_awareness_enabled: false,
      dedicated_master_enabled: false,
    });
  });

  test("default zone count follows the node count", () => {
    expect([1, 2, 3, 4, 5, 6, 9].map(defaultAvailabilityZoneCount)).toEqual([1, 2, 3, 2, 1, 2, 3]);
  });

  test("grantWrite adds the Firehose statement and a writer principal", () => {
    const { stack, domain } = build();
    const role = new ServiceRole(stack, "Role", { label, servicePrincipal: "firehose.amazonaws.com" });
    domain.grantWrite(role);
    const out = synth(stack);
    const domainArn = expect.stringMatching(/^\$\{aws_opensearch_domain\.Domain_[A-F0-9]+\.arn\}$/);
    expect(out.rolePolicyStatements()).toEqual([
      {
        Sid: "OpenSearchDomainWrite",
        Effect: "Allow",
        Action: ["es:DescribeDomain", "es:DescribeDomains", "es:DescribeDomainConfig", "es:ESHttpGet", "es:ESHttpPost", "es:ESHttpPut"],
        Resource: [domainArn, expect.stringMatching(/^\$\{aws_opensearch_domain\.Domain_[A-F0-9]+\.arn\}\/\*$/)],
      },
    ]);
    const policy = JSON.parse(out.only("aws_opensearch_domain_policy").access_policies);
    expect(policy.Statement[1]).toEqual({
      Sid: "Writers",
      Effect: "Allow",
      Principal: { AWS: [expect.stringMatching(/^\$\{aws_iam_role\.Role_[A-F0-9]+\.arn\}$/)] },
      Action: ["es:ESHttpGet", "es:ESHttpPost", "es:ESHttpPut"],
      Resource: expect.stringMatching(/\/\*$/),
    });
  });
});

describe("OpenSearchDomain validation", () => {
  test("fails when the engine is not OpenSearch_<major>.<minor>", () => {
    expect(() => build({ engineVersion: "Elasticsearch_7.10" })).toThrow(/engineVersion must be of the form OpenSearch_<major>.<minor>.*got "Elasticsearch_7.10"/);
    expect(() => build({ engineVersion: "OpenSearch_2" })).toThrow(/engineVersion must be .*got "OpenSearch_2"/);
  });

  test("fails when the instance type is malformed or T2", () => {
    expect(() => build({ instanceType: "r6g.large" })).toThrow(/instanceType must be an OpenSearch instance type like r6g.large.search, got "r6g.large"/);
    expect(() => build({ instanceType: "t2.small.search", instanceCount: 1 })).toThrow(/instanceType must not be a T2 type: .*encryption at rest, got "t2.small.search"/);
    expect(() => build({ dedicatedMasterType: "t2.medium.search" })).toThrow(/dedicatedMasterType must not be a T2 type/);
  });

  test("fails when the node count is not a multiple of the zone count", () => {
    expect(() => build({ instanceCount: 4, availabilityZoneCount: 3 })).toThrow(
      /instanceCount must be a multiple of availabilityZoneCount \(3\) with zone awareness, got 4/,
    );
    expect(() => build({ instanceCount: 0 })).toThrow(/instanceCount must be a whole number between 1 and 1002, got 0/);
    expect(() => build({ availabilityZoneCount: 4, instanceCount: 4 })).toThrow(/availabilityZoneCount must be one of 1, 2, 3, got 4/);
  });

  test("fails when the dedicated master count is not 3 or 5", () => {
    expect(() => build({ dedicatedMasterType: "m6g.large.search", dedicatedMasterCount: 2 })).toThrow(/dedicatedMasterCount must be one of 3, 5, got 2/);
  });

  test("fails when the EBS volume is below 10 GiB", () => {
    expect(() => build({ ebsVolumeSizeGiB: 9 })).toThrow(/ebsVolumeSizeGiB must be a whole number of at least 10 GiB, got 9/);
  });

  test("fails when the VPC subnets do not match the zone count", () => {
    expect(() => build({ vpcSubnetIds: ["subnet-a"] })).toThrow(/vpcSubnetIds must hold one subnet per Availability Zone \(2\), got 1/);
  });

  test("fails when the log retention is not a CloudWatch value", () => {
    expect(() => build({ logRetentionDays: 10 })).toThrow(/logRetentionDays must be one of .*got 10/);
  });

  test("fails when the label gives an invalid domain name", () => {
    const stack = testStack();
    const numeric = new Label({ namespace: "1acme", environment: "prod" });
    expect(() => new OpenSearchDomain(stack, "D", { label: numeric, location: TEST_LOCATION, masterUserArn: MASTER })).toThrow(
      /domainName must be 3-28 characters, starting with a lower-case letter, of \[a-z0-9-\], got "1acme-prod"/,
    );
  });
});

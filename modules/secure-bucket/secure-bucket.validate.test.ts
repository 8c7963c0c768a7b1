import { describe, expect, test } from "vitest";
import { validateStack } from "../../test/terraform";
import { Label } from "../shared/label";
import { ServiceRole } from "../shared/service-role";
import { testStack } from "../shared/testing";
import { SecureBucket } from "./secure-bucket";

describe("SecureBucket terraform validate", () => {
  test("a stack with every option on is valid Terraform", async () => {
    const stack = testStack();
    const label = new Label({ namespace: "acme", environment: "prod", name: "iops" });
    const created = new SecureBucket(stack, "Archive", {
      label: label.with("archive"),
      transitionToInfrequentAccessDays: 30,
      transitionToGlacierDays: 90,
      expirationDays: 365,
      noncurrentVersionExpirationDays: 30,
      abortIncompleteMultipartUploadDays: 3,
      serverAccessLogsBucketName: "acme-prod-access-logs",
      serverAccessLogsPrefix: "archive/",
      tags: { team: "data" },
    });
    new SecureBucket(stack, "Logs", {
      label: label.with("logs"),
      encryption: "S3_MANAGED",
      retainOnDelete: false,
      forceDestroy: true,
      transitionToInfrequentAccessDays: false,
      transitionToGlacierDays: false,
      noncurrentVersionExpirationDays: false,
    });
    new SecureBucket(stack, "Given", {
      label: label.with("given"),
      encryptionKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    });
    const role = new ServiceRole(stack, "Reader", { label: label.with("reader"), servicePrincipal: "lambda.amazonaws.com" });
    created.grantRead(role, "data/");
    created.grantWrite(role);
    created.addToResourcePolicy({
      sid: "AllowAccountRead",
      principal: { AWS: "arn:aws:iam::111122223333:root" },
      actions: ["s3:GetObject"],
      resources: [`${created.bucketArn}/*`],
    });

    const result = await validateStack(stack, "secure-bucket");
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { explainAwsError } from "./aws";

const saved = process.env.AWS_ENDPOINT_URL_S3;
afterEach(() => {
  if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_S3;
  else process.env.AWS_ENDPOINT_URL_S3 = saved;
});

describe("explainAwsError", () => {
  it("turns an unresolvable S3 host into a hint naming AWS_ENDPOINT_URL_S3", () => {
    delete process.env.AWS_ENDPOINT_URL_S3;
    const error = Object.assign(new Error("getaddrinfo ENOTFOUND acme-dev-archive.s3.eu-west-1.amazonaws.com"), { code: "ENOTFOUND" });
    expect(explainAwsError(error).message).toBe(
      "cannot reach acme-dev-archive.s3.eu-west-1.amazonaws.com. For a local server set AWS_ENDPOINT_URL_S3 to its URL (for example http://127.0.0.1:4566; buckets are then addressed by path); for AWS, check the region and the network. (getaddrinfo ENOTFOUND acme-dev-archive.s3.eu-west-1.amazonaws.com)",
    );
  });

  it("says which endpoint was set when it is the one that cannot be reached", () => {
    process.env.AWS_ENDPOINT_URL_S3 = "http://s3.local.invalid:4566";
    const error = new Error("getaddrinfo ENOTFOUND b.s3.local.invalid");
    expect(explainAwsError(error).message).toMatch(/^cannot reach b\.s3\.local\.invalid \(AWS_ENDPOINT_URL_S3 is http:\/\/s3\.local\.invalid:4566: check that the server runs there\)/);
  });
});

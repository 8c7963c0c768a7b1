import { describe, expect, it } from "vitest";
import { authorizedCall } from "./iam-request";

const ACCOUNT = "111111111111";
const signed = (service: string, extra: Record<string, string> = {}) => ({
  authorization: `AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20261202/eu-west-1/${service}/aws4_request, SignedHeaders=host, Signature=abc`,
  ...extra,
});
const json = (body: unknown) => Buffer.from(JSON.stringify(body));
const call = (service: string, target: string, body: unknown) => authorizedCall("POST", "/", signed(service, { "x-amz-target": target }), json(body), ACCOUNT);

describe("authorizedCall", () => {
  it("names Kinesis calls by stream name or ARN", () => {
    expect(call("kinesis", "Kinesis_20131202.PutRecords", { StreamName: "events", Records: [] })).toEqual({
      service: "kinesis",
      accessKeyId: "ASIAEXAMPLE",
      action: "kinesis:PutRecords",
      resources: [`arn:aws:kinesis:eu-west-1:${ACCOUNT}:stream/events`],
    });
    expect(call("kinesis", "Kinesis_20131202.GetRecords", { ShardIterator: "x", StreamARN: "arn:aws:kinesis:eu-west-1:1:stream/s" })?.resources).toEqual(["arn:aws:kinesis:eu-west-1:1:stream/s"]);
  });

  it("names every table of a DynamoDB batch, and the index of a query", () => {
    expect(call("dynamodb", "DynamoDB_20120810.BatchWriteItem", { RequestItems: { a: [], b: [] } })?.resources).toEqual([`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/a`, `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/b`]);
    expect(call("dynamodb", "DynamoDB_20120810.Query", { TableName: "t", IndexName: "by-time" })?.resources).toEqual([`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/t/index/by-time`]);
  });

  it("names SQS queues from their URL, SNS topics from TopicArn, log streams from their group", () => {
    expect(call("sqs", "AmazonSQS.SendMessage", { QueueUrl: "http://127.0.0.1:4566/222222222222/dlq", MessageBody: "x" })?.resources).toEqual(["arn:aws:sqs:eu-west-1:222222222222:dlq"]);
    expect(call("sqs", "AmazonSQS.SendMessageBatch", { QueueUrl: "http://127.0.0.1:4566/222222222222/dlq", Entries: [] })?.action).toBe("sqs:SendMessage");
    const publish = authorizedCall("POST", "/", signed("sns", { "content-type": "application/x-www-form-urlencoded" }), Buffer.from("Action=Publish&TopicArn=arn%3Aaws%3Asns%3Aeu-west-1%3A1%3At&Message=m"), ACCOUNT);
    expect([publish?.action, publish?.resources]).toEqual(["sns:Publish", ["arn:aws:sns:eu-west-1:1:t"]]);
    const batch = authorizedCall("POST", "/", signed("sns", { "content-type": "application/x-www-form-urlencoded" }), Buffer.from("Action=PublishBatch&TopicArn=arn%3Aaws%3Asns%3Aeu-west-1%3A1%3At"), ACCOUNT);
    expect([batch?.action, batch?.resources]).toEqual(["sns:Publish", ["arn:aws:sns:eu-west-1:1:t"]]);
    expect(call("logs", "Logs_20140328.PutLogEvents", { logGroupName: "/f5/errors", logStreamName: "s1" })?.resources).toEqual([`arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/f5/errors:log-stream:s1`]);
  });

  it("reads S3 path-style requests, and leaves unsigned requests alone", () => {
    expect(authorizedCall("PUT", "/bucket/a/b.json", signed("s3"), Buffer.alloc(0), ACCOUNT)).toMatchObject({ action: "s3:PutObject", resources: ["arn:aws:s3:::bucket/a/b.json"] });
    expect(authorizedCall("POST", "/", { "x-amz-target": "Kinesis_20131202.PutRecords" }, json({}), ACCOUNT)).toBeUndefined();
  });
});

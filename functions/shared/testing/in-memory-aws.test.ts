import { BatchWriteItemCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { InMemoryAws } from "./in-memory-aws";

const config = (handler: InMemoryAws) => ({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" }, requestHandler: handler as never, maxAttempts: 1 });

describe("InMemoryAws", () => {
  it("answers SQS, SNS and DynamoDB through the real clients and records the inputs", async () => {
    const aws = new InMemoryAws();
    const sqs = await new SQSClient(config(aws)).send(new SendMessageBatchCommand({ QueueUrl: "https://sqs.us-east-1.amazonaws.com/1/q", Entries: [{ Id: "a", MessageBody: "x" }] }));
    const sns = await new SNSClient(config(aws)).send(new PublishCommand({ TopicArn: "arn:aws:sns:us-east-1:1:t", Message: "hello", Subject: "s" }));
    const ddb = await new DynamoDBClient(config(aws)).send(new BatchWriteItemCommand({ RequestItems: { t: [{ PutRequest: { Item: { pk: { S: "1" } } } }] } }));
    expect(sqs.Successful).toEqual([{ Id: "a", MessageId: "m-0", MD5OfMessageBody: "9dd4e461268c8034f5c8564e155c67a6" }]);
    expect(sns.MessageId).toBe("sns-0");
    expect(ddb.UnprocessedItems).toEqual({});
    expect(aws.calls.map((c) => c.operation)).toEqual(["SendMessageBatch", "Publish", "BatchWriteItem"]);
    expect(aws.callsOf("Publish")[0]!.input).toMatchObject({ Message: "hello", Subject: "s", TopicArn: "arn:aws:sns:us-east-1:1:t" });
  });

  it("answers errors the clients turn into typed exceptions", async () => {
    const aws = new InMemoryAws().on("Publish", () => ({ error: { name: "ThrottledException", message: "slow down" } }));
    aws.on("SendMessageBatch", () => ({ error: { name: "QueueDoesNotExist", message: "gone" } }));
    await expect(new SNSClient(config(aws)).send(new PublishCommand({ TopicArn: "arn:aws:sns:us-east-1:1:t", Message: "m" }))).rejects.toMatchObject({ name: "ThrottledException", message: "slow down" });
    await expect(new SQSClient(config(aws)).send(new SendMessageBatchCommand({ QueueUrl: "https://sqs.us-east-1.amazonaws.com/1/q", Entries: [{ Id: "a", MessageBody: "x" }] }))).rejects.toMatchObject({ message: "gone" });
  });
});

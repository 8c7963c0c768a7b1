import { ApiGatewayV2Client, CreateApiCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand } from "@aws-sdk/client-apigatewayv2";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient } from "@aws-sdk/client-kinesis";
import { CreateEventSourceMappingCommand, CreateFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { CreateTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { NodeHttpHandler } from "@smithy/node-http-handler";

/** Admin clients on a local AWS endpoint, as the account `accountId` (moto maps a 12-digit access key to that account). */
export class FixtureClients {
  readonly kinesis: KinesisClient;
  readonly dynamodb: DynamoDBClient;
  readonly sqs: SQSClient;
  readonly sns: SNSClient;
  readonly iam: IAMClient;
  readonly lambda: LambdaClient;
  readonly apigatewayv2: ApiGatewayV2Client;

  constructor(readonly endpoint: string, readonly accountId: string, readonly region = "eu-west-1") {
    const config = { endpoint, region, credentials: { accessKeyId: accountId, secretAccessKey: "local" }, requestHandler: new NodeHttpHandler() };
    this.kinesis = new KinesisClient(config);
    this.dynamodb = new DynamoDBClient(config);
    this.sqs = new SQSClient(config);
    this.sns = new SNSClient(config);
    this.iam = new IAMClient(config);
    this.lambda = new LambdaClient(config);
    this.apigatewayv2 = new ApiGatewayV2Client(config);
  }

  async stream(name: string, shardCount: number): Promise<string> {
    await this.kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shardCount }));
    const { StreamDescriptionSummary: summary } = await this.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    return summary!.StreamARN!;
  }

  async table(name: string): Promise<void> {
    await this.dynamodb.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: "PAY_PER_REQUEST",
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "sk", AttributeType: "S" }],
      }),
    );
  }

  async queue(name: string): Promise<{ url: string; arn: string }> {
    const { QueueUrl: url } = await this.sqs.send(new CreateQueueCommand({ QueueName: name }));
    const { Attributes } = await this.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] }));
    return { url: url!, arn: Attributes!.QueueArn! };
  }

  async topic(name: string): Promise<string> {
    return (await this.sns.send(new CreateTopicCommand({ Name: name }))).TopicArn!;
  }

  /** A Lambda execution role with one inline policy. */
  async role(name: string, statements: readonly { Action: string[]; Resource: string | string[] }[]): Promise<string> {
    const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] };
    const { Role } = await this.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust) }));
    const policy = { Version: "2012-10-17", Statement: statements.map((statement) => ({ Effect: "Allow", ...statement })) };
    await this.iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: "access", PolicyDocument: JSON.stringify(policy) }));
    return Role!.Arn!;
  }

  async function(props: { name: string; zip: Buffer; roleArn: string; environment: Record<string, string>; tags: Record<string, string>; timeoutSeconds?: number }): Promise<string> {
    const created = await this.lambda.send(
      new CreateFunctionCommand({
        FunctionName: props.name,
        Runtime: "nodejs22.x",
        Handler: "index.handler",
        Role: props.roleArn,
        Code: { ZipFile: props.zip },
        Timeout: props.timeoutSeconds ?? 10,
        MemorySize: 256,
        Environment: { Variables: props.environment },
        Tags: props.tags,
      }),
    );
    return created.FunctionArn!;
  }

  async mapping(props: { functionName: string; streamArn: string; batchSize: number; windowSeconds: number; retries: number; maxAgeSeconds: number; onFailureArn: string }): Promise<void> {
    await this.lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: props.functionName,
        EventSourceArn: props.streamArn,
        StartingPosition: "TRIM_HORIZON",
        BatchSize: props.batchSize,
        MaximumBatchingWindowInSeconds: props.windowSeconds,
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: props.retries,
        MaximumRecordAgeInSeconds: props.maxAgeSeconds,
        FunctionResponseTypes: ["ReportBatchItemFailures"],
        DestinationConfig: { OnFailure: { Destination: props.onFailureArn } },
      }),
    );
  }

  /** An HTTP API with Lambda proxy routes (payload 2.0) on the `$default` stage. */
  async httpApi(props: { name: string; functionArn: string; routeKeys: string[]; tags: Record<string, string>; authorizationType?: "NONE" | "AWS_IAM" }): Promise<string> {
    const { ApiId: apiId } = await this.apigatewayv2.send(new CreateApiCommand({ Name: props.name, ProtocolType: "HTTP", Tags: props.tags }));
    const { IntegrationId } = await this.apigatewayv2.send(
      new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: "AWS_PROXY", IntegrationUri: props.functionArn, IntegrationMethod: "POST", PayloadFormatVersion: "2.0", TimeoutInMillis: 30_000 }),
    );
    for (const routeKey of props.routeKeys) {
      await this.apigatewayv2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: routeKey, Target: `integrations/${IntegrationId}`, AuthorizationType: props.authorizationType ?? "AWS_IAM" }));
    }
    await this.apigatewayv2.send(new CreateStageCommand({ ApiId: apiId, StageName: "$default", AutoDeploy: true }));
    return apiId!;
  }

  destroy(): void {
    for (const client of [this.kinesis, this.dynamodb, this.sqs, this.sns, this.iam, this.lambda, this.apigatewayv2]) client.destroy();
  }
}

import { ApiGatewayV2Client } from "@aws-sdk/client-apigatewayv2";
import { IAMClient } from "@aws-sdk/client-iam";
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import { STSClient } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";

/** Static or temporary credentials. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** Where the runtime reaches the local AWS API, and as whom. */
export interface LocalAws {
  /** The local API's base URL, e.g. `http://127.0.0.1:4566`. */
  readonly endpoint: string;
  readonly region: string;
  /** @default - the SDK's default chain (the variables `make up` sets) */
  readonly credentials?: Credentials;
}

/**
 * The SDK's identifier of each service the runtime calls, as used in `AWS_ENDPOINT_URL_<ID>`;
 * a variable set for one of them wins over {@link LocalAws.endpoint}.
 */
const ENDPOINT_VARIABLE = {
  apigatewayv2: "AWS_ENDPOINT_URL_APIGATEWAYV2",
  iam: "AWS_ENDPOINT_URL_IAM",
  kinesis: "AWS_ENDPOINT_URL_KINESIS",
  lambda: "AWS_ENDPOINT_URL_LAMBDA",
  s3: "AWS_ENDPOINT_URL_S3",
  sns: "AWS_ENDPOINT_URL_SNS",
  sqs: "AWS_ENDPOINT_URL_SQS",
  sts: "AWS_ENDPOINT_URL_STS",
} as const;

/** `AWS_ENDPOINT_URL_<ID>` of a SigV4 service name, for the services functions call. */
const SIGNING_NAME_VARIABLE: Record<string, string> = {
  ...ENDPOINT_VARIABLE,
  dynamodb: "AWS_ENDPOINT_URL_DYNAMODB",
  logs: "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS",
  monitoring: "AWS_ENDPOINT_URL_CLOUDWATCH",
  kms: "AWS_ENDPOINT_URL_KMS",
  firehose: "AWS_ENDPOINT_URL_FIREHOSE",
};

/** The endpoint of the service a request was signed for (`kinesis`, `logs`...): its `AWS_ENDPOINT_URL_<SERVICE>`, else the local API. */
export function signingServiceEndpoint(aws: LocalAws, signingName: string, env: NodeJS.ProcessEnv = process.env): string {
  const variable = SIGNING_NAME_VARIABLE[signingName];
  return (variable && env[variable]) || aws.endpoint;
}

/** The endpoint of one service: its own `AWS_ENDPOINT_URL_<SERVICE>` when set, else the local API. */
export function serviceEndpoint(aws: LocalAws, service: keyof typeof ENDPOINT_VARIABLE, env: NodeJS.ProcessEnv = process.env): string {
  return env[ENDPOINT_VARIABLE[service]] || aws.endpoint;
}

function config(aws: LocalAws, service: keyof typeof ENDPOINT_VARIABLE, credentials?: Credentials, endpoint?: string) {
  // HTTP/1.1: the SDK's Kinesis client defaults to HTTP/2, which local servers do not speak.
  return {
    endpoint: endpoint ?? serviceEndpoint(aws, service),
    region: aws.region,
    credentials: credentials ?? aws.credentials,
    requestHandler: new NodeHttpHandler(),
    maxAttempts: 3,
  };
}

/** The runtime's clients, as the caller of {@link LocalAws} (discovery, STS). */
export class RuntimeClients {
  readonly lambda: LambdaClient;
  readonly apigatewayv2: ApiGatewayV2Client;
  readonly sts: STSClient;
  readonly iam: IAMClient;

  constructor(readonly aws: LocalAws) {
    this.lambda = new LambdaClient(config(aws, "lambda"));
    this.apigatewayv2 = new ApiGatewayV2Client(config(aws, "apigatewayv2"));
    this.sts = new STSClient(config(aws, "sts"));
    this.iam = new IAMClient(config(aws, "iam"));
  }

  /**
   * Clients acting as a function's execution role: on AWS the event source mapping reads the
   * stream and sends to the on-failure destination with the function's role, so locally too.
   * @param endpoint every service's endpoint (the IAM proxy) @default - each service's own
   */
  asRole(credentials: Credentials, endpoint?: string): RoleClients {
    return {
      kinesis: new KinesisClient(config(this.aws, "kinesis", credentials, endpoint)),
      sqs: new SQSClient(config(this.aws, "sqs", credentials, endpoint)),
      sns: new SNSClient(config(this.aws, "sns", credentials, endpoint)),
      s3: new S3Client({ ...config(this.aws, "s3", credentials, endpoint), forcePathStyle: true }),
    };
  }

  destroy(): void {
    this.lambda.destroy();
    this.apigatewayv2.destroy();
    this.sts.destroy();
    this.iam.destroy();
  }
}

/** Clients signed with one function's role credentials. */
export interface RoleClients {
  readonly kinesis: KinesisClient;
  readonly sqs: SQSClient;
  readonly sns: SNSClient;
  readonly s3: S3Client;
}

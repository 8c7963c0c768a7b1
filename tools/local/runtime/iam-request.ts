import type { IncomingHttpHeaders } from "node:http";

/** What IAM authorizes for one API call: the action and every resource it touches. */
export interface AuthorizedCall {
  /** The credential scope's service (`kinesis`, `dynamodb`, `sqs`...), which picks the endpoint. */
  readonly service: string;
  readonly accessKeyId: string;
  /** `kinesis:PutRecords`. */
  readonly action: string;
  /** The resources IAM checks; empty when the runtime cannot tell them (the call is then not checked). */
  readonly resources: readonly string[];
}

/** `Credential=<key>/<date>/<region>/<service>/aws4_request` of a SigV4 Authorization header. */
export function credentialScope(authorization: string | undefined): { accessKeyId: string; region: string; service: string } | undefined {
  const match = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(authorization ?? "");
  return match ? { accessKeyId: match[1]!, region: match[2]!, service: match[3]! } : undefined;
}

interface Location {
  readonly region: string;
  readonly accountId: string;
}

const arn = (service: string, where: Location, resource: string) => `arn:aws:${service}:${where.region}:${where.accountId}:${resource}`;

function queueArn(queueUrl: string, where: Location): string | undefined {
  const match = /\/(\d{12})\/([^/?]+)$/.exec(queueUrl);
  return match ? `arn:aws:sqs:${where.region}:${match[1]}:${match[2]}` : undefined;
}

function kinesisResources(action: string, body: Record<string, unknown>, where: Location): string[] {
  if (typeof body.ConsumerARN === "string") return [body.ConsumerARN];
  if (typeof body.StreamARN === "string") return [body.StreamARN];
  if (typeof body.StreamName === "string") return [arn("kinesis", where, `stream/${body.StreamName}`)];
  return ["ListStreams", "DescribeLimits", "ListStreamConsumers"].includes(action) ? ["*"] : [];
}

function dynamoDbResources(body: Record<string, unknown>, where: Location): string[] {
  const table = (name: string) => arn("dynamodb", where, `table/${name}`);
  if (body.RequestItems && typeof body.RequestItems === "object") return Object.keys(body.RequestItems).map(table);
  if (Array.isArray(body.TransactItems)) {
    return (body.TransactItems as Record<string, { TableName?: string }>[]).flatMap((item) => Object.values(item).flatMap((op) => (op?.TableName ? [table(op.TableName)] : [])));
  }
  if (typeof body.TableName === "string") return [typeof body.IndexName === "string" ? `${table(body.TableName)}/index/${body.IndexName}` : table(body.TableName)];
  return body.TableName === undefined ? ["*"] : [];
}

function logsResources(body: Record<string, unknown>, where: Location): string[] {
  if (typeof body.logGroupName !== "string") return ["*"];
  const group = arn("logs", where, `log-group:${body.logGroupName}`);
  return [typeof body.logStreamName === "string" ? `${group}:log-stream:${body.logStreamName}` : `${group}:*`];
}

function kmsResources(body: Record<string, unknown>, where: Location): string[] {
  const id = body.KeyId;
  if (typeof id !== "string") return ["*"];
  if (id.startsWith("arn:")) return [id];
  return [arn("kms", where, id.startsWith("alias/") ? id : `key/${id}`)];
}

/** A JSON-protocol call (`X-Amz-Target: <Prefix>.<Operation>`): Kinesis, DynamoDB, CloudWatch Logs, SQS, KMS, Firehose. */
function jsonCall(service: string, operation: string, body: Record<string, unknown>, where: Location): string[] {
  switch (service) {
    case "kinesis":
      return kinesisResources(operation, body, where);
    case "dynamodb":
      return dynamoDbResources(body, where);
    case "logs":
      return logsResources(body, where);
    case "sqs": {
      const url = typeof body.QueueUrl === "string" ? queueArn(body.QueueUrl, where) : undefined;
      if (url) return [url];
      if (typeof body.QueueName === "string") return [arn("sqs", where, body.QueueName)];
      return operation === "ListQueues" ? ["*"] : [];
    }
    case "kms":
      return kmsResources(body, where);
    case "firehose":
      return typeof body.DeliveryStreamName === "string" ? [arn("firehose", where, `deliverystream/${body.DeliveryStreamName}`)] : [];
    default:
      return [];
  }
}

function s3Call(method: string, path: string): { operation: string; resources: string[] } {
  const [bucket, ...key] = decodeURIComponent(path.split("?")[0]!).split("/").slice(1);
  if (!bucket) return { operation: "ListAllMyBuckets", resources: ["*"] };
  if (key.length === 0 || key.join("/") === "") {
    const operation = { GET: "ListBucket", HEAD: "ListBucket", PUT: "CreateBucket", DELETE: "DeleteBucket" }[method] ?? "ListBucket";
    return { operation, resources: [`arn:aws:s3:::${bucket}`] };
  }
  const operation = { GET: "GetObject", HEAD: "GetObject", PUT: "PutObject", POST: "PutObject", DELETE: "DeleteObject" }[method] ?? "GetObject";
  return { operation, resources: [`arn:aws:s3:::${bucket}/${key.join("/")}`] };
}

/**
 * Batch operations IAM authorizes under their single operation's action: IAM has no
 * sns:PublishBatch or sqs:SendMessageBatch action (SNS's PublishBatch needs sns:Publish; SQS's
 * batch calls need the permission of the call they batch). Without this the local runtime denied
 * fraud-detector's PublishBatch, which AWS allows.
 */
const IAM_ACTION_OF_OPERATION: Readonly<Record<string, string>> = {
  "sns:PublishBatch": "sns:Publish",
  "sqs:SendMessageBatch": "sqs:SendMessage",
  "sqs:DeleteMessageBatch": "sqs:DeleteMessage",
  "sqs:ChangeMessageVisibilityBatch": "sqs:ChangeMessageVisibility",
};

/** `service:Operation` as the IAM action that authorizes it. */
export function iamAction(service: string, operation: string): string {
  const action = `${service}:${operation}`;
  return IAM_ACTION_OF_OPERATION[action] ?? action;
}

/**
 * The action and resources of a signed request, as IAM sees them, for the services the functions
 * call: JSON-protocol services by `X-Amz-Target`, query-protocol ones (SNS, STS, SQS's older
 * protocol) by `Action`, S3 by method and path (path-style). Returns undefined for an unsigned
 * request; `resources` is empty when the call's resource cannot be told.
 */
export function authorizedCall(method: string, path: string, headers: IncomingHttpHeaders, body: Buffer, accountId: string): AuthorizedCall | undefined {
  const scope = credentialScope(headers.authorization);
  if (!scope) return undefined;
  const where = { region: scope.region, accountId };
  const target = headers["x-amz-target"];
  if (typeof target === "string" && target.includes(".")) {
    const operation = target.slice(target.lastIndexOf(".") + 1);
    let parsed: Record<string, unknown> = {};
    try {
      parsed = body.length > 0 ? (JSON.parse(body.toString("utf8")) as Record<string, unknown>) : {};
    } catch {
      // not JSON: resources stay unknown
    }
    return { service: scope.service, accessKeyId: scope.accessKeyId, action: iamAction(scope.service, operation), resources: jsonCall(scope.service, operation, parsed, where) };
  }
  if (scope.service === "s3") {
    const { operation, resources } = s3Call(method, path);
    return { service: "s3", accessKeyId: scope.accessKeyId, action: `s3:${operation}`, resources };
  }
  const form = new URLSearchParams(method === "GET" ? (path.split("?")[1] ?? "") : body.toString("utf8"));
  const operation = form.get("Action");
  if (!operation) return { service: scope.service, accessKeyId: scope.accessKeyId, action: `${scope.service}:unknown`, resources: [] };
  let resources: string[] = [];
  if (scope.service === "sns") {
    const topic = form.get("TopicArn") ?? form.get("TargetArn");
    resources = topic ? [topic] : ["ListTopics", "CreateTopic"].includes(operation) ? (operation === "CreateTopic" ? [arn("sns", where, form.get("Name") ?? "")] : ["*"]) : [];
  } else if (scope.service === "sqs") {
    const url = form.get("QueueUrl");
    resources = url ? [queueArn(url, where) ?? ""].filter(Boolean) : [];
  } else if (scope.service === "sts") {
    resources = operation === "AssumeRole" && form.get("RoleArn") ? [form.get("RoleArn")!] : ["*"];
  }
  return { service: scope.service, accessKeyId: scope.accessKeyId, action: iamAction(scope.service, operation), resources };
}

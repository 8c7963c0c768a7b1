import type { Construct } from "constructs";
import { type AwsLocation, arnOf } from "../shared/arn";
import { assertMatches } from "../shared/validate";
import type { StreamEncryptionReference } from "./grants";
import { StreamBase } from "./stream-base";

/** What another Terraform stack knows about a stream: names only, nothing read from state. */
export interface KinesisStreamAttributes {
  /** The stream's name; derive it with `KinesisIngest.streamNameOf(label)`. */
  readonly streamName: string;
  /** Where the stream lives. */
  readonly location: AwsLocation;
  /**
   * The alias of the customer key that encrypts the stream (`alias/...`); derive it with
   * `KinesisIngest.encryptionKeyAliasNameOf(label)`.
   * @default - the stream uses the AWS-managed key, so grants add no KMS permission
   */
  readonly encryptionKeyAliasName?: string;
}

/** `arn:<partition>:kinesis:<region>:<account>:stream/<name>`. */
export function streamArn(location: AwsLocation, streamName: string): string {
  return arnOf(location, "kinesis", `stream/${streamName}`);
}

/** A stream created in another Terraform stack, referred to by name. */
export class ImportedKinesisStream extends StreamBase {
  readonly streamArn: string;
  readonly streamName: string;
  readonly encryptionKeyArn = undefined;
  readonly encryptionKeyAliasName?: string;
  private readonly location: AwsLocation;

  constructor(scope: Construct, id: string, attributes: KinesisStreamAttributes) {
    super(scope, id);
    assertMatches("streamName", attributes.streamName, /^[a-zA-Z0-9_.-]{1,128}$/, "1 to 128 characters of [a-zA-Z0-9_.-]");
    assertMatches("encryptionKeyAliasName", attributes.encryptionKeyAliasName, /^alias\/[a-zA-Z0-9/_-]+$/, "alias/ followed by [a-zA-Z0-9/_-]");
    this.streamName = attributes.streamName;
    this.location = attributes.location;
    this.streamArn = streamArn(attributes.location, attributes.streamName);
    this.encryptionKeyAliasName = attributes.encryptionKeyAliasName;
  }

  /**
   * `<streamArn>/consumer/<name>:*`: the consumer's ARN ends with its creation timestamp, which another
   * stack cannot know, so the timestamp is matched by a wildcard.
   */
  consumerArn(consumerName: string): string {
    return `${this.streamArn}/consumer/${consumerName}:*`;
  }

  protected encryptionReference(): StreamEncryptionReference {
    return this.encryptionKeyAliasName
      ? { kind: "alias", aliasName: this.encryptionKeyAliasName, location: this.location }
      : { kind: "aws-managed" };
  }
}

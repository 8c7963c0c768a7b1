import type { Rule } from "../engine";

/** CKV_AWS_43: a Kinesis data stream encrypts its records with KMS (AWS-managed or customer key). */
export const kinesisStreamEncrypted: Rule = {
  id: "CKV_AWS_43",
  title: "Kinesis stream is encrypted at rest with KMS",
  resourceTypes: ["aws_kinesis_stream"],
  check(stream) {
    if (stream.encryption_type !== "KMS") return `encryption_type must be "KMS", got ${JSON.stringify(stream.encryption_type)}`;
    if (typeof stream.kms_key_id !== "string" || stream.kms_key_id === "") return "encryption_type is KMS but kms_key_id is not set";
    return undefined;
  },
};

/** The Kinesis rules. */
export const kinesisRules: readonly Rule[] = [kinesisStreamEncrypted];

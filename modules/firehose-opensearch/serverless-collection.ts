import { Construct } from "constructs";
import { Lazy } from "cdktf";
import { OpensearchserverlessAccessPolicy } from "@cdktf/provider-aws/lib/opensearchserverless-access-policy";
import { OpensearchserverlessCollection } from "@cdktf/provider-aws/lib/opensearchserverless-collection";
import { OpensearchserverlessSecurityPolicy } from "@cdktf/provider-aws/lib/opensearchserverless-security-policy";
import type { Label } from "../shared/label";
import type { Grantee } from "../shared/policy";
import { assertMatches, assertOneOf } from "../shared/validate";

/** Index permissions a writer needs: create the index, update its mapping, and write documents. */
export const COLLECTION_WRITER_PERMISSIONS = ["aoss:CreateIndex", "aoss:UpdateIndex", "aoss:DescribeIndex", "aoss:WriteDocument"] as const;

/** Options of a serverless collection. */
export interface ServerlessCollectionOptions {
  /**
   * `TIMESERIES` suits append-only event streams; `SEARCH` suits documents updated by id.
   * @default "TIMESERIES"
   */
  readonly collectionType?: "TIMESERIES" | "SEARCH";
  /**
   * Replicas in a second Availability Zone; `DISABLED` halves the minimum OCUs for non-production.
   * @default "ENABLED"
   */
  readonly standbyReplicas?: "ENABLED" | "DISABLED";
  /**
   * A customer-managed KMS key for the collection.
   * @default - an AWS-owned key
   */
  readonly encryptionKeyArn?: string;
}

/** Props for {@link ServerlessCollection}. */
export interface ServerlessCollectionProps extends ServerlessCollectionOptions {
  /** Naming context; the collection and its three policies are named `label.id("openSearchCollection")`. */
  readonly label: Label;
}

/**
 * An OpenSearch Serverless collection with what AWS requires before it can take data: an encryption
 * policy (which must exist before the collection), a network policy (HTTPS endpoint, IAM-authenticated,
 * no public dashboards), and, from the first grant on, a data access policy naming each writer and the index it may write.
 */
export class ServerlessCollection extends Construct {
  /** `label.id("openSearchCollection")` */
  readonly collectionName: string;
  readonly collectionArn: string;
  /** `https://<id>.<region>.aoss.amazonaws.com` */
  readonly collectionEndpoint: string;
  private readonly name: string;
  private readonly writers: { principal: string; indexName: string }[] = [];
  private accessPolicy?: OpensearchserverlessAccessPolicy;

  constructor(scope: Construct, id: string, props: ServerlessCollectionProps) {
    super(scope, id);
    const name = props.label.id("openSearchCollection");
    assertMatches("collectionName", name, /^[a-z][a-z0-9-]{2,31}$/, "3-32 characters, starting with a lower-case letter, of [a-z0-9-]");
    assertOneOf("collectionType", props.collectionType, ["TIMESERIES", "SEARCH"]);
    assertOneOf("standbyReplicas", props.standbyReplicas, ["ENABLED", "DISABLED"]);
    this.name = name;
    const collectionResource = [`collection/${name}`];

    const encryption = new OpensearchserverlessSecurityPolicy(this, "EncryptionPolicy", {
      name,
      type: "encryption",
      description: `Encryption at rest of collection ${name}`,
      policy: JSON.stringify({
        Rules: [{ ResourceType: "collection", Resource: collectionResource }],
        ...(props.encryptionKeyArn ? { AWSOwnedKey: false, KmsARN: props.encryptionKeyArn } : { AWSOwnedKey: true }),
      }),
    });
    // Firehose reaches a collection only through its public endpoint (a VPC endpoint would need
    // SourceVPCEs); every request is still signed and checked against the data access policy.
    const network = new OpensearchserverlessSecurityPolicy(this, "NetworkPolicy", {
      name,
      type: "network",
      description: `HTTPS access to collection ${name}; dashboards closed`,
      policy: JSON.stringify([{ Rules: [{ ResourceType: "collection", Resource: collectionResource }], AllowFromPublic: true }]),
    });
    const collection = new OpensearchserverlessCollection(this, "Resource", {
      name,
      type: props.collectionType ?? "TIMESERIES",
      standbyReplicas: props.standbyReplicas ?? "ENABLED",
      dependsOn: [encryption, network],
    });
    this.collectionName = collection.name;
    this.collectionArn = collection.arn;
    this.collectionEndpoint = collection.collectionEndpoint;
  }

  /** Lets `grantee` write `indexName`: `aoss:APIAccessAll` on the collection and a data access rule for the index. */
  grantWrite(grantee: Grantee, indexName: string): void {
    grantee.addToPolicy({ sid: "OpenSearchServerlessWrite", actions: ["aoss:APIAccessAll"], resources: [this.collectionArn] });
    this.writers.push({ principal: grantee.roleArn, indexName });
    this.accessPolicy ??= new OpensearchserverlessAccessPolicy(this, "DataAccessPolicy", {
      name: this.name,
      type: "data",
      description: `Writers of collection ${this.name}`,
      policy: Lazy.stringValue({
        produce: () =>
          JSON.stringify(
            this.writers.map(({ principal, indexName: index }) => ({
              Rules: [{ ResourceType: "index", Resource: [`index/${this.name}/${index}`], Permission: [...COLLECTION_WRITER_PERMISSIONS] }],
              Principal: [principal],
            })),
          ),
      }),
    });
  }
}

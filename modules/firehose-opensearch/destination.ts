import { Fn, Token } from "cdktf";
import type { OpenSearchDomainOptions } from "../opensearch-domain/opensearch-domain";
import { assertMatches } from "../shared/validate";
import type { ServerlessCollectionOptions } from "./serverless-collection";

/** Options of a domain the delivery stream creates. */
export interface NewDomainOptions extends Omit<OpenSearchDomainOptions, "masterUserArn" | "vpcSubnetIds" | "vpcSecurityGroupIds"> {
  /**
   * The fine-grained access control master user (an IAM role ARN): it may do anything in the domain,
   * delete included, so it is never the delivery role. Either way the delivery role (`roleArn`) is
   * mapped after deploy to a least-privilege writer role (`npm run stream -- search-access`); until
   * then Firehose's requests are refused and its documents go to the backup bucket.
   * @default - a role created for administrators, `label.with("search-admin").id("iamRole")`, trusted by the account
   */
  readonly masterUserArn?: string;
  /**
   * Subnets of the domain with VPC delivery: one per Availability Zone.
   * @default - the delivery stream's `vpc.subnetIds`
   */
  readonly vpcSubnetIds?: readonly string[];
}

/** Where a delivery stream indexes its records: a created domain, an existing domain, or a serverless collection. */
export type OpenSearchDestination =
  | { readonly kind: "newDomain"; readonly options: NewDomainOptions }
  | { readonly kind: "existingDomain"; readonly domainArn: string; readonly domainEndpoint: string; readonly domainName: string }
  | { readonly kind: "serverlessCollection"; readonly options: ServerlessCollectionOptions };

const DOMAIN_ARN = /^arn:aws[a-z-]*:es:[a-z0-9-]+:\d{12}:domain\/([a-z][a-z0-9-]{2,27})$/;

/** Factories for {@link OpenSearchDestination}. */
export const OpenSearchDestination = {
  /** A domain the module creates, named `label.id("openSearchDomain")`. */
  newDomain(options: NewDomainOptions = {}): OpenSearchDestination {
    return { kind: "newDomain", options };
  },

  /**
   * A domain that already exists. Its access policy must allow the delivery role (`roleArn`), and with
   * fine-grained access control the role must be mapped to an OpenSearch role that may write the index.
   * @param domainArn `arn:<partition>:es:<region>:<account>:domain/<name>`
   * @param domainEndpoint the HTTPS host name, without scheme, e.g. `search-x-abc.eu-west-1.es.amazonaws.com`
   */
  existingDomain(domainArn: string, domainEndpoint: string): OpenSearchDestination {
    assertMatches("domainArn", domainArn, DOMAIN_ARN, "arn:<partition>:es:<region>:<account>:domain/<name>");
    assertMatches("domainEndpoint", domainEndpoint, /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, "a host name without scheme or path");
    const domainName = Token.isUnresolved(domainArn) ? Fn.element(Fn.split("/", domainArn), 1) : DOMAIN_ARN.exec(domainArn)![1]!;
    return { kind: "existingDomain", domainArn, domainEndpoint, domainName };
  },

  /** An OpenSearch Serverless collection the module creates, with its security and access policies. */
  serverlessCollection(options: ServerlessCollectionOptions = {}): OpenSearchDestination {
    return { kind: "serverlessCollection", options };
  },
};

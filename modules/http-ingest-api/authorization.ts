import { Token } from "cdktf";

/** Callers sign requests with SigV4; IAM policies decide who may call (execute-api:Invoke). */
export interface IamAuthorization {
  readonly type: "AWS_IAM";
}

/** Callers present a JWT from an OpenID Connect issuer (e.g. a Cognito user pool). */
export interface JwtAuthorization {
  readonly type: "JWT";
  /** The issuer URL, `https://...` (for Cognito `https://cognito-idp.<region>.amazonaws.com/<pool id>`). */
  readonly issuer: string;
  /** Accepted `aud` (or Cognito `client_id`) values, at least one. */
  readonly audience: readonly string[];
  /**
   * Where the token is read from.
   * @default "$request.header.Authorization"
   */
  readonly identitySource?: string;
  /**
   * Scopes a token must carry (any of them) to call the routes.
   * @default - no scope required
   */
  readonly scopes?: readonly string[];
}

/** Anyone on the internet may call: only by explicit choice. */
export interface NoAuthorization {
  readonly type: "NONE";
  /** Why an open endpoint is acceptable here, recorded in the configuration. */
  readonly reason: string;
}

/** How callers of the API are authorized. */
export type ApiAuthorization = IamAuthorization | JwtAuthorization | NoAuthorization;

/** Fails on authorizer settings API Gateway would refuse, or an unexplained open API. */
export function validateAuthorization(authorization: ApiAuthorization): void {
  if (authorization.type === "JWT") {
    const { issuer, audience } = authorization;
    if (!Token.isUnresolved(issuer) && !/^https:\/\/[^\s/]+(\/\S*)?$/.test(issuer)) {
      throw new Error(`authorization.issuer must be an https:// URL, got "${issuer}"`);
    }
    if (audience.length === 0) throw new Error("authorization.audience must list at least one accepted audience, got none");
    const source = authorization.identitySource;
    if (source !== undefined && !/^\$(request\.header|request\.querystring|context|stageVariables)\.[A-Za-z0-9_.-]+$/.test(source)) {
      throw new Error(`authorization.identitySource must be like $request.header.Authorization, got "${source}"`);
    }
  } else if (authorization.type === "NONE") {
    if (authorization.reason.trim() === "") throw new Error("authorization.reason must explain why the API is open to anyone, got an empty string");
  } else if (authorization.type !== "AWS_IAM") {
    throw new Error(`authorization.type must be one of AWS_IAM, JWT, NONE, got ${(authorization as { type: string }).type}`);
  }
}

import { localAwsPort, stopLocalAws } from "./aws-server";

// `make local-aws-stop`: stops the detached local AWS API on LOCAL_AWS_PORT (4566 by default).
const port = localAwsPort();
const stopped = await stopLocalAws(port);
console.error(stopped ? `Stopped the local AWS API on port ${port}.` : `No local AWS API started by this project runs on port ${port}.`);

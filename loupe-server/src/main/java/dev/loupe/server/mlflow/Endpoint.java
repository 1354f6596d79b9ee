package dev.loupe.server.mlflow;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One API method: request parameters in, the response message out (an empty object for none). */
@FunctionalInterface
interface Endpoint {
    ObjectNode handle(MlflowRequest request);
}

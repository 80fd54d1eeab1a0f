import { ApolloServerPlugin } from "@apollo/server";
import { OperationTypeNode } from "graphql";
import { RequestContext } from "./context";
import { ResponseCache } from "./response-cache";

/**
 * Tells the response cache which answers it may keep: anonymous, published queries answered
 * without errors. A staff mutation starts a new cache generation before it answers: on this
 * instance, and with Redis on every instance (without Redis, the others hear the change from the
 * database a moment later), so whoever published reads the new content on the next request.
 */
export function answerPlugin(cache: ResponseCache): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation, errors, contextValue, response }) {
          // Only staff writes change content; a sign-in (also a mutation) must not empty the cache.
          // Awaited: with Redis, every instance misses from the moment the writer has its answer.
          // Draft saves start one too (a few extra misses): which mutations touched `live` is not known here.
          if (operation?.operation === OperationTypeNode.MUTATION && contextValue.actor) await cache.invalidate();
          const answer = contextValue.answer;
          if (!answer) return;
          const ok = !errors?.length && (response.http.status ?? 200) === 200;
          answer.cacheable = ok && operation?.operation === OperationTypeNode.QUERY && !contextValue.actor && !contextValue.preview;
        },
      };
    },
  };
}

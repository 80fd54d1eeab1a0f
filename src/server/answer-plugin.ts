import { ApolloServerPlugin } from "@apollo/server";
import { Kind, OperationDefinitionNode, OperationTypeNode } from "graphql";
import { RequestContext } from "./context";
import { ResponseCache } from "./response-cache";

/**
 * Mutations that write drafts, workflow state, schedules, accounts or partner settings only: they
 * never change what delivery serves, so they leave the cache alone. Anything else (publish,
 * publishRelease, unpublish, archive, delete*, deleteTranslation, and any mutation added later)
 * starts a new generation. A scheduled job's later publish is heard through the database notice.
 */
const LEAVES_LIVE_ALONE =
  /^(?:create[A-Z]\w*|update[A-Z]\w*|setLinks|submitForReview|approve|requestChanges|restoreRevision|schedulePublish|scheduleUnpublish|login|logout|changePassword|changeUserRole|disableUser|enableUser|revokeSessions|revokeApiKey|rotateApiKey|deleteWebhook|replayWebhookDelivery)$/;

/** True unless every root field of the mutation is one that leaves the live graph alone. */
export function mayChangeLive(operation: OperationDefinitionNode): boolean {
  return !operation.selectionSet.selections.every(
    (selection) => selection.kind === Kind.FIELD && selection.name.value !== "__typename" && LEAVES_LIVE_ALONE.test(selection.name.value),
  );
}

/**
 * Tells the response cache which answers it may keep: anonymous, published queries answered
 * without errors. A staff mutation that may change the live graph starts a new cache generation before it answers: on this
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
          if (operation?.operation === OperationTypeNode.MUTATION && contextValue.actor && mayChangeLive(operation))
            await cache.invalidate();
          const answer = contextValue.answer;
          if (!answer) return;
          const ok = !errors?.length && (response.http.status ?? 200) === 200;
          answer.cacheable = ok && operation?.operation === OperationTypeNode.QUERY && !contextValue.actor && !contextValue.preview;
        },
      };
    },
  };
}

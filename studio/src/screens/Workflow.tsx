import { useState } from "react";
import { messageOf, request } from "../api";
import { graphql } from "../gql";
import { Item } from "../model";
import { Session } from "../session";
import { StatusBadge } from "../ui";

type Step = "submitForReview" | "approve" | "requestChanges" | "publish" | "unpublish" | "archive";

/** One workflow mutation; each answers the item's new status and version. */
async function runStep(step: Step, item: Item, comment: string | null): Promise<{ status: string; version: number }> {
  const extra = step === "requestChanges" ? ", $comment: String" : "";
  const args = step === "requestChanges" ? ", comment: $comment" : "";
  const query = `mutation StudioWorkflow($type: ContentType!, $id: ID!, $version: Int!${extra}) {
    result: ${step}(type: $type, id: $id, version: $version${args}) { status version }
  }`;
  const variables: Record<string, unknown> = { type: item.type, id: item.id, version: item.version };
  if (step === "requestChanges") variables.comment = comment;
  return (await request<{ result: { status: string; version: number } }, unknown>(query, variables)).result;
}

const ScheduleDocument = graphql(`
  mutation StudioSchedule($type: ContentType!, $id: ID!, $at: DateTimeISO!, $publish: Boolean!) {
    publish: schedulePublish(type: $type, id: $id, at: $at) @include(if: $publish) {
      jobId
      action
      at
    }
    unpublish: scheduleUnpublish(type: $type, id: $id, at: $at) @skip(if: $publish) {
      jobId
      action
      at
    }
  }
`);

const LABELS: Record<Step, string> = {
  submitForReview: "Submit for review",
  approve: "Approve (clinical sign-off)",
  requestChanges: "Request changes",
  publish: "Publish",
  unpublish: "Unpublish",
  archive: "Archive",
};

/**
 * The workflow steps the item's status and the user's role allow. `lastAuthor` is who made
 * the latest content change: they may not sign it off (four eyes).
 */
export function Workflow(props: { item: Item; session: Session; lastAuthor: string | null; dirty: boolean; onDone: () => void }) {
  const { item, session } = props;
  const [comment, setComment] = useState("");
  const [at, setAt] = useState("");
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const role = session.user.role;
  const edits = role !== "REVIEWER";
  const reviews = role !== "EDITOR";
  const ownChange = props.lastAuthor === session.user.email;

  const go = (step: Step) => {
    setBusy(true);
    const before = item.status;
    runStep(step, item, comment.trim() || null).then(
      (after) => {
        setResult({ ok: true, text: `${LABELS[step]}: ${before} → ${after.status} (version ${after.version}).` });
        setComment("");
        setBusy(false);
        props.onDone();
      },
      (e) => {
        setResult({ ok: false, text: `${LABELS[step]} failed: ${messageOf(e)}` });
        setBusy(false);
      },
    );
  };
  const schedule = (publish: boolean) => {
    if (!at) {
      setResult({ ok: false, text: "Pick a date and time first." });
      return;
    }
    request(ScheduleDocument, { type: item.type, id: item.id, at: new Date(at).toISOString(), publish }).then(
      (d) => {
        const job = d.publish ?? d.unpublish;
        setResult({
          ok: true,
          text: `Scheduled: ${job?.action} at ${job ? new Date(job.at).toUTCString() : at}. Status now ${item.status}.`,
        });
      },
      (e) => setResult({ ok: false, text: `Scheduling failed: ${messageOf(e)}` }),
    );
  };
  const button = (step: Step, enabled: boolean, note?: string) => (
    <button
      type="button"
      disabled={!enabled || busy || props.dirty}
      onClick={() => go(step)}
      aria-describedby={note ? `${step}-note` : undefined}
    >
      {LABELS[step]}
    </button>
  );

  const status = item.status;
  return (
    <section className="panel" aria-labelledby="workflow-title">
      <h2 id="workflow-title">Workflow</h2>
      <p>
        Status: <StatusBadge status={status} /> · version {item.version}
        {item.live ? ` · live (version ${item.liveVersion})` : " · not live"}
      </p>
      {props.dirty && <p className="hint">Save or discard your changes before a workflow step.</p>}
      <div className="buttons">
        {edits && (status === "DRAFT" || status === "PUBLISHED") && button("submitForReview", true)}
        {reviews && status === "IN_REVIEW" && (
          <>
            {button("approve", !ownChange, ownChange ? "approve" : undefined)}
            {ownChange && (
              <p className="hint" id="approve-note">
                Approve is disabled: you made the latest change to this content, so another reviewer must sign it off (four eyes).
              </p>
            )}
          </>
        )}
        {edits && status === "APPROVED" && button("publish", true)}
        {edits && item.live && button("unpublish", true)}
        {edits && status !== "ARCHIVED" && button("archive", true)}
      </div>
      {reviews && status === "IN_REVIEW" && (
        <div className="stack">
          <label>
            Comment for the editor
            <textarea rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
          </label>
          {button("requestChanges", comment.trim().length > 0)}
        </div>
      )}
      {edits && status !== "ARCHIVED" && (
        <div className="stack">
          <label>
            Schedule at (your local time)
            <input type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} />
          </label>
          <div className="buttons">
            <button type="button" onClick={() => schedule(true)}>
              Schedule publish
            </button>
            <button type="button" onClick={() => schedule(false)}>
              Schedule unpublish
            </button>
          </div>
        </div>
      )}
      {result && (
        <p className={result.ok ? "notice" : "error"} role={result.ok ? "status" : "alert"} data-testid="workflow-result">
          {result.text}
        </p>
      )}
    </section>
  );
}

import { useCallback, useEffect, useState } from "react";
import { messageOf, request } from "../api";
import { graphql } from "../gql";
import { allItems, Item, TypeModel } from "../model";
import { lastContentAuthor } from "./History";
import { Link } from "../router";
import { Session } from "../session";
import { ErrorNote, Loading } from "../ui";
import { ItemTable } from "./ItemTable";

const PublishReleaseDocument = graphql(`
  mutation StudioPublishRelease($items: [ItemVersionInput!]!) {
    publishRelease(items: $items) {
      id
      status
      version
    }
  }
`);

const DAY = 86_400_000;

export function Dashboard(props: { models: TypeModel[]; session: Session }) {
  const [items, setItems] = useState<Item[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [release, setRelease] = useState<string | null>(null);
  const { user } = props.session;

  const [authors, setAuthors] = useState<Record<string, string | null>>({});
  const load = useCallback(() => {
    setError(null);
    allItems(props.models)
      .then(async (all) => {
        // Four eyes decides on who made the latest content change (revisions), not on who
        // touched the item last; items in review are few, so ask for each.
        const inReview = all.filter((i) => i.status === "IN_REVIEW");
        const found = await Promise.all(inReview.map(async (i) => [i.id, await lastContentAuthor(i.id)] as const));
        setAuthors(Object.fromEntries(found));
        setItems(all);
      })
      .catch(setError);
  }, [props.models]);
  useEffect(load, [load]);

  if (error) return <ErrorNote error={error} />;
  if (!items) return <Loading label="Loading your work…" />;

  const byChange = (a: Item, b: Item) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt);
  const mine = items.filter((i) => i.status === "DRAFT" && i.createdBy === user.email).sort(byChange);
  const reviewer = user.role !== "EDITOR";
  // Four eyes: a reviewer cannot sign off their own change, so those are not waiting for them.
  const inReview = items.filter((i) => i.status === "IN_REVIEW" && (!reviewer || authors[i.id] !== user.email)).sort(byChange);
  const approved = items.filter((i) => i.status === "APPROVED").sort(byChange);
  const soon = Date.now() + 30 * DAY;
  const due = items
    .filter((i) => i.status !== "ARCHIVED" && i.nextReviewDueAt && Date.parse(i.nextReviewDueAt) < soon)
    .sort((a, b) => Date.parse(a.nextReviewDueAt!) - Date.parse(b.nextReviewDueAt!));
  const published = items
    .filter((i) => i.publishedAt && i.live)
    .sort((a, b) => Date.parse(b.publishedAt!) - Date.parse(a.publishedAt!))
    .slice(0, 10);

  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  const publishRelease = () => {
    const chosen = approved.filter((i) => selected.has(i.id)).map((i) => ({ type: i.type, id: i.id, version: i.version }));
    request(PublishReleaseDocument, { items: chosen }).then(
      (d) => {
        setRelease(`Published ${d.publishRelease.length} items together: APPROVED → PUBLISHED.`);
        setSelected(new Set());
        load();
      },
      (e) => setRelease(`Nothing was published: ${messageOf(e)}`),
    );
  };

  return (
    <section>
      <h1>Your work</h1>
      <p className="lead">
        Create:{" "}
        {props.models.map((m, n) => (
          <span key={m.key}>
            {n > 0 && " · "}
            <Link to={`/new/${m.key}`}>{m.label}</Link>
          </span>
        ))}
      </p>
      <h2>Drafts I own ({mine.length})</h2>
      <ItemTable items={mine} models={props.models} caption="Drafts I own" empty="No drafts of yours." />
      <h2>{reviewer ? `Waiting for my sign-off (${inReview.length})` : `In review (${inReview.length})`}</h2>
      <ItemTable items={inReview} models={props.models} caption="In review" empty="Nothing is waiting for review." />
      <h2>Approved, waiting to publish ({approved.length})</h2>
      {user.role !== "REVIEWER" && approved.length > 0 && (
        <p>
          <button type="button" disabled={selected.size === 0} onClick={publishRelease}>
            Publish selected together ({selected.size})
          </button>
        </p>
      )}
      {release && (
        <p className="notice" role="status">
          {release}
        </p>
      )}
      <ItemTable
        items={approved}
        models={props.models}
        caption="Approved"
        empty="Nothing approved is waiting."
        selected={user.role !== "REVIEWER" ? selected : undefined}
        onToggle={toggle}
      />
      <h2>Review due within 30 days or overdue ({due.length})</h2>
      <ItemTable items={due} models={props.models} caption="Due for review" empty="No review is due." dateColumn="nextReviewDueAt" />
      <h2>Recently published</h2>
      <ItemTable
        items={published}
        models={props.models}
        caption="Recently published"
        empty="Nothing published yet."
        dateColumn="publishedAt"
      />
    </section>
  );
}

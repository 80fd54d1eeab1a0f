import { useCallback, useEffect, useState } from "react";
import { messageOf, request } from "../api";
import { graphql } from "../gql";
import type { StudioDashboardQuery } from "../gql/graphql";
import { ListItem, TypeModel } from "../model";
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

const DashboardDocument = graphql(`
  query StudioDashboard($review: EditorialItemFilter!, $dueBefore: DateTimeISO!) {
    mine: editorialItems(filter: { mine: true, statuses: [DRAFT] }, first: 20) {
      totalCount
      edges {
        node {
          id
          type
          status
          version
          title
          live
          createdBy
          updatedBy
          updatedAt
          publishedAt
          nextReviewDueAt
        }
      }
    }
    inReview: editorialItems(filter: $review, first: 20) {
      totalCount
      edges {
        node {
          id
          type
          status
          version
          title
          live
          createdBy
          updatedBy
          updatedAt
          publishedAt
          nextReviewDueAt
        }
      }
    }
    approved: editorialItems(filter: { statuses: [APPROVED] }, first: 100) {
      totalCount
      edges {
        node {
          id
          type
          status
          version
          title
          live
          createdBy
          updatedBy
          updatedAt
          publishedAt
          nextReviewDueAt
        }
      }
    }
    due: editorialItems(
      filter: { reviewDueBefore: $dueBefore, statuses: [DRAFT, IN_REVIEW, APPROVED, PUBLISHED] }
      orderBy: REVIEW_DUE_ASC
      first: 20
    ) {
      totalCount
      edges {
        node {
          id
          type
          status
          version
          title
          live
          createdBy
          updatedBy
          updatedAt
          publishedAt
          nextReviewDueAt
        }
      }
    }
    published: editorialItems(filter: { live: true }, orderBy: PUBLISHED_DESC, first: 10) {
      totalCount
      edges {
        node {
          id
          type
          status
          version
          title
          live
          createdBy
          updatedBy
          updatedAt
          publishedAt
          nextReviewDueAt
        }
      }
    }
  }
`);

const DAY = 86_400_000;

/** "(12)", or "(20 of 31 shown)" when the list holds more than is shown. */
function counted(list: { totalCount: number; edges: unknown[] }): string {
  return list.totalCount > list.edges.length ? `(${list.edges.length} of ${list.totalCount} shown)` : `(${list.totalCount})`;
}

const itemsOf = (list: { edges: Array<{ node: ListItem }> }) => list.edges.map((e) => e.node);

export function Dashboard(props: { models: TypeModel[]; session: Session }) {
  const [lists, setLists] = useState<StudioDashboardQuery | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [release, setRelease] = useState<string | null>(null);
  const { user } = props.session;
  const reviewer = user.role !== "EDITOR";

  // Every list is filtered, ordered and cut by the server, all in one request. Four eyes: a
  // reviewer cannot sign off their own change, so those are not waiting for them.
  const load = useCallback(() => {
    setError(null);
    const dueBefore = new Date(Date.now() + 30 * DAY).toISOString();
    request(DashboardDocument, { review: reviewer ? { awaitingMyReview: true } : { statuses: ["IN_REVIEW"] }, dueBefore }).then(
      setLists,
      setError,
    );
  }, [reviewer]);
  useEffect(load, [load]);

  if (error) return <ErrorNote error={error} />;
  if (!lists) return <Loading label="Loading your work…" />;

  const mine = itemsOf(lists.mine);
  const inReview = itemsOf(lists.inReview);
  const approved = itemsOf(lists.approved);
  const due = itemsOf(lists.due);
  const published = itemsOf(lists.published);

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
      <h2>Drafts I own {counted(lists.mine)}</h2>
      <ItemTable items={mine} models={props.models} caption="Drafts I own" empty="No drafts of yours." />
      <h2>{reviewer ? `Waiting for my sign-off ${counted(lists.inReview)}` : `In review ${counted(lists.inReview)}`}</h2>
      <ItemTable items={inReview} models={props.models} caption="In review" empty="Nothing is waiting for review." />
      <h2>Approved, waiting to publish {counted(lists.approved)}</h2>
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
      <h2>Review due within 30 days or overdue {counted(lists.due)}</h2>
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

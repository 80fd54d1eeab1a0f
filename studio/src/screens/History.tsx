import { useCallback, useEffect, useState } from "react";
import { messageOf, request } from "../api";
import { graphql } from "../gql";
import type { StudioDiffQuery, StudioRevisionsQuery } from "../gql/graphql";
import { formatDate, ItemDocument, modelOf, TypeModel, typeEnum } from "../model";
import { Link, navigate } from "../router";
import { Session } from "../session";
import { ErrorNote, Loading } from "../ui";

const RevisionsDocument = graphql(`
  query StudioRevisions($id: ID!) {
    revisions(id: $id) {
      id
      version
      action
      authorEmail
      createdAt
    }
  }
`);

const DiffDocument = graphql(`
  query StudioDiff($from: ID!, $to: ID!) {
    revisionDiff(from: $from, to: $to) {
      fields {
        path
        kind
        before
        after
      }
      links {
        path
        kind
        before
        after
      }
    }
  }
`);

const RestoreDocument = graphql(`
  mutation StudioRestore($revisionId: ID!, $version: Int!) {
    restoreRevision(revisionId: $revisionId, version: $version) {
      id
      version
      status
    }
  }
`);

// Writes that change what an item says (the server's CONTENT_ACTIONS); workflow steps do not.
const CONTENT_ACTIONS = ["IMPORT", "CREATE", "UPDATE", "SET_LINKS", "DELETE_TRANSLATION", "RESTORE"];

/** Who made the latest content change, from the revisions: the four-eyes rule decides on it. */
export async function lastContentAuthor(id: string): Promise<string | null> {
  const { revisions } = await request(RevisionsDocument, { id });
  return revisions.find((r) => CONTENT_ACTIONS.includes(r.action))?.authorEmail ?? null;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return "—";
  return typeof value === "string" ? value : JSON.stringify(value, null, 1);
}

type Revision = StudioRevisionsQuery["revisions"][number];
type Change = StudioDiffQuery["revisionDiff"]["fields"][number];

function Changes(props: { title: string; changes: Change[] }) {
  if (props.changes.length === 0) return <p>No {props.title.toLowerCase()} changed.</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption>{props.title}</caption>
        <thead>
          <tr>
            <th scope="col">What</th>
            <th scope="col">Change</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {props.changes.map((c) => (
            <tr key={c.path}>
              <th scope="row">{c.path}</th>
              <td>{c.kind}</td>
              <td className="pre del">{show(c.before)}</td>
              <td className="pre ins">{show(c.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** An item's revisions: who and when, a diff of any two, restore one as the new draft. */
export function History(props: { models: TypeModel[]; typeKey: string; id: string; session: Session }) {
  const model = modelOf(props.models, props.typeKey);
  const [revisions, setRevisions] = useState<Revision[] | null>(null);
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const [diff, setDiff] = useState<StudioDiffQuery["revisionDiff"] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(() => {
    request(RevisionsDocument, { id: props.id }).then(({ revisions: list }) => {
      setRevisions(list);
      if (list.length > 1) {
        setTo(list[0].id);
        setFrom(list[1].id);
      }
    }, setError);
  }, [props.id]);
  useEffect(load, [load]);

  useEffect(() => {
    if (!from || !to || from === to) return setDiff(null);
    request(DiffDocument, { from, to }).then((d) => setDiff(d.revisionDiff), setError);
  }, [from, to]);

  const restore = async (revision: Revision) => {
    if (!window.confirm(`Make version ${revision.version} the new draft?`)) return;
    try {
      const { editorialItem } = await request(ItemDocument, { type: typeEnum(model.key), id: props.id, locale: null });
      if (!editorialItem) throw new Error("The item no longer exists.");
      const { restoreRevision } = await request(RestoreDocument, { revisionId: revision.id, version: editorialItem.version });
      setMessage(
        `Restored version ${revision.version} as a new draft: ${editorialItem.status} → ${restoreRevision.status}, version ${restoreRevision.version}.`,
      );
      load();
    } catch (e) {
      setMessage(`Restore failed: ${messageOf(e)}`);
    }
  };

  if (error) return <ErrorNote error={error} />;
  if (!revisions) return <Loading />;
  const canEdit = props.session.user.role !== "REVIEWER";
  return (
    <section>
      <h1>History</h1>
      <p>
        <Link to={`/edit/${model.key}/${props.id}`}>Back to the {model.label.toLowerCase()}</Link>
      </p>
      {message && (
        <p className="notice" role="status">
          {message}
        </p>
      )}
      <div className="table-wrap">
        <table>
          <caption>Revisions, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Action</th>
              <th scope="col">By</th>
              <th scope="col">When</th>
              <th scope="col">Compare from</th>
              <th scope="col">Compare to</th>
              {canEdit && <th scope="col">Restore</th>}
            </tr>
          </thead>
          <tbody>
            {revisions.map((r) => (
              <tr key={r.id}>
                <td>{r.version}</td>
                <td>{r.action}</td>
                <td>{r.authorEmail ?? "—"}</td>
                <td>{formatDate(r.createdAt)}</td>
                <td>
                  <input
                    type="radio"
                    name="from"
                    aria-label={`Compare from version ${r.version}`}
                    checked={from === r.id}
                    onChange={() => setFrom(r.id)}
                  />
                </td>
                <td>
                  <input
                    type="radio"
                    name="to"
                    aria-label={`Compare to version ${r.version}`}
                    checked={to === r.id}
                    onChange={() => setTo(r.id)}
                  />
                </td>
                {canEdit && (
                  <td>
                    <button type="button" onClick={() => void restore(r)}>
                      Restore version {r.version}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Differences</h2>
      {diff ? (
        <>
          <Changes title="Fields" changes={diff.fields} />
          <Changes title="Links" changes={diff.links} />
        </>
      ) : (
        <p>Pick two different revisions to compare.</p>
      )}
      <p>
        <button type="button" onClick={() => navigate(`/edit/${model.key}/${props.id}`)}>
          Open the current draft
        </button>
      </p>
    </section>
  );
}

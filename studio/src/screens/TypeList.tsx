import { useEffect, useState } from "react";
import { ListItem, modelOf, TypeModel, typeEnum, workList, WorkListFilter } from "../model";
import { Link, navigate } from "../router";
import { Session } from "../session";
import { ErrorNote, Loading } from "../ui";
import { ItemTable } from "./ItemTable";

const STATUSES = ["DRAFT", "IN_REVIEW", "APPROVED", "PUBLISHED", "ARCHIVED"] as const;
type Status = (typeof STATUSES)[number];
const PAGE = 15;

/** One content type's items (the draft graph), latest change first: search, status filter and paging by the server. */
export function TypeList(props: { models: TypeModel[]; typeKey: string; session: Session }) {
  const model = modelOf(props.models, props.typeKey);
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState("");
  const [status, setStatus] = useState<Status | "">("");
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [page, setPage] = useState<{ items: ListItem[]; total: number; next: string | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const after = cursors[cursors.length - 1];

  useEffect(() => {
    let live = true;
    setPage(null);
    setError(null);
    const filter: WorkListFilter = { types: [typeEnum(model.key)] };
    if (query) filter.nameContains = query;
    if (status) filter.statuses = [status];
    workList({ filter, first: PAGE, after })
      .then((list) => {
        if (live) setPage({ items: list.items, total: list.totalCount, next: list.hasNextPage ? list.endCursor : null });
      })
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [model, query, status, after]);
  return (
    <section>
      <h1>{model.label} items</h1>
      <div className="toolbar">
        <label>
          Content type
          <select value={model.key} onChange={(e) => navigate(`/types/${e.target.value}`)}>
            {props.models.map((m) => (
              <option key={m.key} value={m.key}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
        <form
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            setQuery(search.trim());
            setCursors([null]);
          }}
        >
          <label>
            Search by {model.sortField}
            <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
          </label>
          <button type="submit">Search</button>
        </form>
        <label>
          Status
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as Status | "");
              setCursors([null]);
            }}
          >
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace("_", " ")}
              </option>
            ))}
          </select>
        </label>
        {props.session.user.role !== "REVIEWER" && (
          <Link to={`/new/${model.key}`} className="button primary">
            New {model.label.toLowerCase()}
          </Link>
        )}
      </div>
      <ErrorNote error={error} />
      {!page && !error && <Loading />}
      {page && (
        <>
          <p className="count" role="status">
            {page.total} {page.total === 1 ? "item" : "items"}
            {status && ` with status ${status.replace("_", " ")}`}
            {query && ` matching “${query}”`}; page {cursors.length}
          </p>
          <ItemTable items={page.items} models={props.models} caption={`${model.label} items`} empty="No items match." />
          <div className="pager">
            <button type="button" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>
              Previous page
            </button>
            <button type="button" disabled={!page.next} onClick={() => setCursors([...cursors, page.next])}>
              Next page
            </button>
          </div>
        </>
      )}
    </section>
  );
}

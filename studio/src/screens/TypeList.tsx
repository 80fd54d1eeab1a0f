import { useEffect, useState } from "react";
import { editorialItems, Item, modelOf, previewList, TypeModel, typeEnum } from "../model";
import { Link, navigate } from "../router";
import { Session } from "../session";
import { ErrorNote, Loading } from "../ui";
import { ItemTable } from "./ItemTable";

const STATUSES = ["DRAFT", "IN_REVIEW", "APPROVED", "PUBLISHED", "ARCHIVED"];
const PAGE = 15;

/** One content type's items (the draft graph), by name, with status filter and paging. */
export function TypeList(props: { models: TypeModel[]; typeKey: string; session: Session }) {
  const model = modelOf(props.models, props.typeKey);
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState("");
  const [status, setStatus] = useState("");
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [page, setPage] = useState<{ items: Item[]; total: number; next: string | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const after = cursors[cursors.length - 1];

  useEffect(() => {
    let live = true;
    setPage(null);
    setError(null);
    previewList(model, { nameContains: query || undefined, first: PAGE, after })
      .then(async (list) => {
        const items = await editorialItems(list.ids.map((id) => ({ type: typeEnum(model.key), id })));
        if (live) setPage({ items, total: list.totalCount, next: list.hasNextPage ? list.endCursor : null });
      })
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [model, query, after]);

  const shown = page ? page.items.filter((i) => !status || i.status === status) : [];
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
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
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
            {query && ` matching “${query}”`}; page {cursors.length}
            {status && `, showing ${status.replace("_", " ")} only`}
          </p>
          <ItemTable items={shown} models={props.models} caption={`${model.label} items`} empty="No items on this page." />
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

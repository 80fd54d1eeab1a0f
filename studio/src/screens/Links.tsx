import { useState } from "react";
import { messageOf } from "../api";
import { emptyCitation, LinkRow } from "../form";
import { LinkModel, modelOf, TypeModel, typeEnum, workList } from "../model";
import { CitationFields } from "./Fields";

function move<T>(list: T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return list;
  const next = [...list];
  const [row] = next.splice(from, 1);
  next.splice(to, 0, row);
  return next;
}

/** Finds items of the link's target type by name (the draft graph) to add as links. */
function Picker(props: { link: LinkModel; models: TypeModel[]; taken: Set<string>; onPick: (id: string, title: string) => void }) {
  const target = modelOf(props.models, props.link.target);
  const [text, setText] = useState("");
  const [found, setFound] = useState<Array<{ id: string; title: string }> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const search = () => {
    setError(null);
    workList({ filter: { types: [typeEnum(target.key)], nameContains: text.trim() || null }, first: 8 })
      .then((page) => setFound(page.items.map((i) => ({ id: i.id, title: i.title }))))
      .catch((e) => setError(messageOf(e)));
  };
  return (
    <div className="picker">
      <label>
        Find a {target.label.toLowerCase()} to link
        <input
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              search();
            }
          }}
        />
      </label>
      <button type="button" onClick={search}>
        Search {target.label.toLowerCase()}s
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {found && (
        <ul className="found" aria-label={`${target.label} search results`}>
          {found.length === 0 && <li>No match.</li>}
          {found.map((f) => (
            <li key={f.id}>
              <button type="button" disabled={props.taken.has(f.id)} onClick={() => props.onPick(f.id, f.title)}>
                Link {f.title}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** One link kind: ordered rows (buttons and drag to reorder), each with note, attributes and evidence. */
export function LinkList(props: { link: LinkModel; models: TypeModel[]; rows: LinkRow[]; onChange: (rows: LinkRow[]) => void }) {
  const { link, rows } = props;
  const [dragging, setDragging] = useState<number | null>(null);
  const set = (n: number, row: LinkRow) => props.onChange(rows.map((r, i) => (i === n ? row : r)));
  return (
    <fieldset className="field links">
      <legend>
        {link.label} ({rows.length})
      </legend>
      {link.help && <p className="help">{link.help}</p>}
      <ol>
        {rows.map((row, n) => (
          <li
            key={row.targetId}
            draggable
            className={dragging === n ? "dragging" : undefined}
            onDragStart={(e) => {
              setDragging(n);
              e.dataTransfer.effectAllowed = "move";
            }}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => {
              e.preventDefault();
              if (dragging !== null) props.onChange(move(rows, dragging, n));
              setDragging(null);
            }}
            onDragEnd={() => setDragging(null)}
          >
            <div className="link-head">
              <span className="grip" aria-hidden="true">
                ⠿
              </span>
              <strong>
                {n + 1}. {row.title}
              </strong>
              <button
                type="button"
                aria-label={`Move ${row.title} up`}
                disabled={n === 0}
                onClick={() => props.onChange(move(rows, n, n - 1))}
              >
                ↑
              </button>
              <button
                type="button"
                aria-label={`Move ${row.title} down`}
                disabled={n === rows.length - 1}
                onClick={() => props.onChange(move(rows, n, n + 1))}
              >
                ↓
              </button>
              <button
                type="button"
                aria-label={`Remove link to ${row.title}`}
                onClick={() => props.onChange(rows.filter((_r, i) => i !== n))}
              >
                Remove
              </button>
            </div>
            <div className="grid">
              <label>
                Note on {row.title}
                <input type="text" value={row.note} onChange={(e) => set(n, { ...row, note: e.target.value })} />
              </label>
              {link.attributes.map((a) => (
                <label key={a.name}>
                  {a.label} of {row.title}
                  <select
                    value={row.attributes[a.name]}
                    onChange={(e) => set(n, { ...row, attributes: { ...row.attributes, [a.name]: e.target.value } })}
                  >
                    {a.values.map((v) => (
                      <option key={v} value={v}>
                        {v}
                      </option>
                    ))}
                  </select>
                </label>
              ))}
            </div>
            <details open={!!row.quote}>
              <summary>Evidence for {row.title}</summary>
              <label>
                Quote for {row.title} (the source sentence that supports this link)
                <textarea rows={2} value={row.quote} onChange={(e) => set(n, { ...row, quote: e.target.value })} />
              </label>
              <CitationFields
                value={row.citation}
                prefix={`Source for ${row.title}`}
                onChange={(citation) => set(n, { ...row, citation })}
              />
            </details>
          </li>
        ))}
      </ol>
      <Picker
        link={link}
        models={props.models}
        taken={new Set(rows.map((r) => r.targetId))}
        onPick={(id, title) => {
          const attributes = Object.fromEntries(link.attributes.map((a) => [a.name, a.default]));
          props.onChange([...rows, { targetId: id, title, note: "", quote: "", citation: emptyCitation(), attributes }]);
        }}
      />
    </fieldset>
  );
}

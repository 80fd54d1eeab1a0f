import { useState } from "react";
import { display, Links, linksKey, LinkRow, Values } from "../form";
import { Item, TypeModel } from "../model";

interface Row {
  key: string;
  label: string;
  kind: "field" | "links";
  stored: string;
  mine: string;
  changedByMe: boolean;
}

function linkText(rows: LinkRow[] | undefined): string {
  return (rows ?? []).map((r, n) => `${n + 1}. ${r.title}${r.note ? ` (${r.note})` : ""}`).join("\n") || "(none)";
}

/**
 * A save met a newer stored version (CONFLICT). Every field and link list that differs is shown
 * stored-beside-mine; the editor picks per row, and the merge becomes the form on top of the
 * stored version. Nothing typed is dropped unless the editor picks the stored value.
 */
export function ConflictMerge(props: {
  model: TypeModel;
  stored: Item;
  base: Values;
  mine: Values;
  storedValues: Values;
  baseLinks: Links;
  myLinks: Links;
  storedLinks: Links;
  onMerge: (values: Values, links: Links) => void;
  onReload: () => void;
}) {
  const { model } = props;
  const rows: Row[] = [];
  const labels: Record<string, string> = { slug: "Slug", citations: "Citations" };
  for (const f of model.fields) labels[f.name] = f.label;
  for (const name of [...model.fields.map((f) => f.name), "slug", "citations"]) {
    const mine = JSON.stringify(props.mine[name]);
    if (mine === JSON.stringify(props.storedValues[name])) continue;
    rows.push({
      key: name,
      label: labels[name],
      kind: "field",
      stored: display(props.storedValues[name]) || "(empty)",
      mine: display(props.mine[name]) || "(empty)",
      changedByMe: mine !== JSON.stringify(props.base[name]),
    });
  }
  for (const link of model.links) {
    const mine = linksKey(props.myLinks[link.kind]);
    if (mine === linksKey(props.storedLinks[link.kind])) continue;
    rows.push({
      key: link.kind,
      label: link.label,
      kind: "links",
      stored: linkText(props.storedLinks[link.kind]),
      mine: linkText(props.myLinks[link.kind]),
      changedByMe: mine !== linksKey(props.baseLinks[link.kind]),
    });
  }
  const [choice, setChoice] = useState<Record<string, "mine" | "stored">>(() =>
    Object.fromEntries(rows.map((r) => [r.key, r.changedByMe ? "mine" : "stored"])),
  );

  const merge = () => {
    const values = { ...props.storedValues };
    const links = { ...props.storedLinks };
    for (const r of rows) {
      if (choice[r.key] !== "mine") continue;
      if (r.kind === "field") values[r.key] = props.mine[r.key];
      else links[r.key] = props.myLinks[r.key];
    }
    props.onMerge(values, links);
  };

  return (
    <section className="conflict panel" aria-labelledby="conflict-title" role="region">
      <h2 id="conflict-title">Someone saved this item while you were editing</h2>
      <p>
        The stored version is now {props.stored.version} (by {props.stored.updatedBy ?? "someone"}). Choose, for each difference, which text
        to keep; then save the merge. Your own text stays in the form until you decide.
      </p>
      <div className="table-wrap">
        <table>
          <caption className="sr-only">Differences between the stored version and yours</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Stored version</th>
              <th scope="col">Your edit</th>
              <th scope="col">Keep</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-field={r.key}>
                <th scope="row">{r.label}</th>
                <td className="pre">{r.stored}</td>
                <td className="pre">{r.mine}</td>
                <td>
                  <fieldset className="choice">
                    <legend className="sr-only">Keep for {r.label}</legend>
                    <label>
                      <input
                        type="radio"
                        name={`keep-${r.key}`}
                        checked={choice[r.key] === "mine"}
                        onChange={() => setChoice({ ...choice, [r.key]: "mine" })}
                      />
                      Mine
                    </label>
                    <label>
                      <input
                        type="radio"
                        name={`keep-${r.key}`}
                        checked={choice[r.key] === "stored"}
                        onChange={() => setChoice({ ...choice, [r.key]: "stored" })}
                      />
                      Stored
                    </label>
                  </fieldset>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="buttons">
        <button type="button" className="primary" onClick={merge}>
          Use these choices
        </button>
        <button type="button" onClick={props.onReload}>
          Take the stored version for everything
        </button>
      </div>
    </section>
  );
}

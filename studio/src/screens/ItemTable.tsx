import { formatDate, ListItem, TypeModel, typeKey } from "../model";
import { Link } from "../router";
import { StatusBadge } from "../ui";

/** Items as a table; with `selected`, each row gets a checkbox (publishing a release). */
export function ItemTable(props: {
  items: ListItem[];
  models: TypeModel[];
  caption: string;
  empty: string;
  selected?: Set<string>;
  onToggle?: (id: string) => void;
  dateColumn?: "updatedAt" | "publishedAt" | "nextReviewDueAt";
}) {
  const date = props.dateColumn ?? "updatedAt";
  if (props.items.length === 0) return <p className="empty">{props.empty}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption className="sr-only">{props.caption}</caption>
        <thead>
          <tr>
            {props.selected && <th scope="col">Select</th>}
            <th scope="col">Title</th>
            <th scope="col">Type</th>
            <th scope="col">Status</th>
            <th scope="col">Last change by</th>
            <th scope="col">{date === "updatedAt" ? "Changed" : date === "publishedAt" ? "Published" : "Review due"}</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((item) => {
            const model = props.models.find((m) => m.key === typeKey(item.type));
            return (
              <tr key={item.id}>
                {props.selected && (
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Select ${item.title}`}
                      checked={props.selected.has(item.id)}
                      onChange={() => props.onToggle?.(item.id)}
                    />
                  </td>
                )}
                <td>
                  <Link to={`/edit/${typeKey(item.type)}/${item.id}`}>{item.title || "(untitled)"}</Link>
                </td>
                <td>{model?.label ?? item.type}</td>
                <td>
                  <StatusBadge status={item.status} />
                </td>
                <td>{item.updatedBy ?? "—"}</td>
                <td>{formatDate(item[date])}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

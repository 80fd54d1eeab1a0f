import { messageOf } from "./api";

export function Loading(props: { label?: string }) {
  return (
    <p className="loading" role="status">
      {props.label ?? "Loading…"}
    </p>
  );
}

export function ErrorNote(props: { error: unknown }) {
  if (!props.error) return null;
  return (
    <p className="error" role="alert">
      {messageOf(props.error)}
    </p>
  );
}

export function StatusBadge(props: { status: string }) {
  return <span className={`status status-${props.status.toLowerCase()}`}>{props.status.replace("_", " ")}</span>;
}

import { useState } from "react";
import { messageOf, request } from "../api";
import { ChangePasswordDocument, Session } from "../session";
import { formatDate } from "../model";

export function Account(props: { session: Session; onSession: (s: Session) => void }) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const { user } = props.session;
  return (
    <section>
      <h1>Your account</h1>
      <dl className="facts">
        <dt>Name</dt>
        <dd>{user.displayName}</dd>
        <dt>Email</dt>
        <dd>{user.email}</dd>
        <dt>Role</dt>
        <dd>{user.role}</dd>
        <dt>Session ends</dt>
        <dd>{formatDate(props.session.expiresAt)}</dd>
      </dl>
      <h2>Change password</h2>
      <form
        className="narrow"
        onSubmit={(event) => {
          event.preventDefault();
          request(ChangePasswordDocument, { currentPassword: current, newPassword: next }).then(
            ({ changePassword }) => {
              props.onSession(changePassword);
              setCurrent("");
              setNext("");
              setMessage({ ok: true, text: "Password changed. Your other sessions are signed out." });
            },
            (e) => setMessage({ ok: false, text: messageOf(e) }),
          );
        }}
      >
        <label>
          Current password
          <input type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        </label>
        <label>
          New password (at least 10 characters)
          <input
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            value={next}
            onChange={(e) => setNext(e.target.value)}
          />
        </label>
        {message && (
          <p className={message.ok ? "notice" : "error"} role={message.ok ? "status" : "alert"}>
            {message.text}
          </p>
        )}
        <button type="submit" className="primary">
          Change password
        </button>
      </form>
    </section>
  );
}

import { useCallback, useEffect, useState } from "react";
import { messageOf, request } from "../api";
import { graphql } from "../gql";
import type { StudioAuditQuery, StudioUsersQuery, UserRole } from "../gql/graphql";
import { formatDate } from "../model";
import { Session } from "../session";
import { ErrorNote, Loading } from "../ui";

const UsersDocument = graphql(`
  query StudioUsers {
    users {
      id
      email
      displayName
      role
      disabled
      createdAt
    }
  }
`);

const CreateUserDocument = graphql(`
  mutation StudioCreateUser($input: NewUserInput!) {
    createUser(input: $input) {
      id
    }
  }
`);

const RoleDocument = graphql(`
  mutation StudioChangeRole($id: ID!, $role: UserRole!) {
    changeUserRole(id: $id, role: $role) {
      id
      role
    }
  }
`);

const DisableDocument = graphql(`
  mutation StudioDisableUser($id: ID!) {
    disableUser(id: $id) {
      id
    }
  }
`);

const EnableDocument = graphql(`
  mutation StudioEnableUser($id: ID!) {
    enableUser(id: $id) {
      id
    }
  }
`);

const AuditDocument = graphql(`
  query StudioAudit($first: Int, $before: ID, $contentId: ID) {
    auditLog(first: $first, before: $before, contentId: $contentId) {
      id
      at
      action
      actorEmail
      type
      contentId
      versionBefore
      versionAfter
      detail
    }
  }
`);

const RevokeDocument = graphql(`
  mutation StudioRevokeSessions($id: ID!) {
    revokeSessions(id: $id) {
      id
    }
  }
`);

const ROLES: UserRole[] = ["EDITOR", "REVIEWER", "ADMIN"];

export function Users(props: { session: Session }) {
  const [users, setUsers] = useState<StudioUsersQuery["users"] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [draft, setDraft] = useState({ email: "", displayName: "", role: "EDITOR" as UserRole, password: "" });
  const load = useCallback(() => request(UsersDocument).then((d) => setUsers(d.users), setError), []);
  useEffect(() => void load(), [load]);
  const act = (p: Promise<unknown>, text: string): Promise<void> =>
    p.then(
      () => {
        setMessage({ ok: true, text });
        void load();
      },
      (e) => setMessage({ ok: false, text: messageOf(e) }),
    );

  if (error) return <ErrorNote error={error} />;
  if (!users) return <Loading />;
  return (
    <section>
      <h1>Users and roles</h1>
      {message && (
        <p className={message.ok ? "notice" : "error"} role={message.ok ? "status" : "alert"}>
          {message.text}
        </p>
      )}
      <div className="table-wrap">
        <table>
          <caption className="sr-only">Users</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Account</th>
              <th scope="col">Since</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => {
              const self = u.id === props.session.user.id;
              return (
                <tr key={u.id}>
                  <td>{u.displayName}</td>
                  <td>{u.email}</td>
                  <td>
                    <select
                      aria-label={`Role of ${u.email}`}
                      value={u.role}
                      disabled={self}
                      onChange={(e) =>
                        void act(
                          request(RoleDocument, { id: u.id, role: e.target.value as UserRole }),
                          `${u.email} is now ${e.target.value}.`,
                        )
                      }
                    >
                      {ROLES.map((r) => (
                        <option key={r}>{r}</option>
                      ))}
                    </select>
                  </td>
                  <td className="buttons">
                    {self ? (
                      "you"
                    ) : u.disabled ? (
                      <button
                        type="button"
                        onClick={() => void act(request(EnableDocument, { id: u.id }), `${u.email} may sign in again.`)}
                      >
                        Enable {u.email}
                      </button>
                    ) : (
                      <button type="button" onClick={() => void act(request(DisableDocument, { id: u.id }), `${u.email} is disabled.`)}>
                        Disable {u.email}
                      </button>
                    )}
                    {!self && !u.disabled && (
                      <button
                        type="button"
                        onClick={() => void act(request(RevokeDocument, { id: u.id }), `${u.email} is signed out everywhere.`)}
                      >
                        Sign out {u.email} everywhere
                      </button>
                    )}
                  </td>
                  <td>{formatDate(u.createdAt)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h2>Add a user</h2>
      <form
        className="narrow"
        onSubmit={(e) => {
          e.preventDefault();
          void act(request(CreateUserDocument, { input: draft }), `${draft.email} can now sign in as ${draft.role}.`).then(() =>
            setDraft({ ...draft, email: "", displayName: "", password: "" }),
          );
        }}
      >
        <label>
          Email
          <input type="email" required value={draft.email} onChange={(e) => setDraft({ ...draft, email: e.target.value })} />
        </label>
        <label>
          Name
          <input type="text" required value={draft.displayName} onChange={(e) => setDraft({ ...draft, displayName: e.target.value })} />
        </label>
        <label>
          Role
          <select value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as UserRole })}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label>
          First password (at least 10 characters)
          <input
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            value={draft.password}
            onChange={(e) => setDraft({ ...draft, password: e.target.value })}
          />
        </label>
        <button type="submit" className="primary">
          Add user
        </button>
      </form>
    </section>
  );
}

type Entry = StudioAuditQuery["auditLog"][number];

/** The audit log, newest first: by item (server side), by action and person (on the loaded entries). */
export function AuditLog() {
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [contentId, setContentId] = useState("");
  const [applied, setApplied] = useState("");
  const [action, setAction] = useState("");
  const [actor, setActor] = useState("");
  const [more, setMore] = useState(false);

  const fetchPage = useCallback(
    (before: string | null, previous: Entry[]) => {
      setError(null);
      request(AuditDocument, { first: 100, before, contentId: applied || null }).then((d) => {
        setEntries([...previous, ...d.auditLog]);
        setMore(d.auditLog.length === 100);
      }, setError);
    },
    [applied],
  );
  useEffect(() => fetchPage(null, []), [fetchPage]);

  const shown = (entries ?? []).filter((e) => (!action || e.action === action) && (!actor || (e.actorEmail ?? "").includes(actor)));
  const actions = [...new Set((entries ?? []).map((e) => e.action))].sort();
  return (
    <section>
      <h1>Audit log</h1>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          setEntries(null);
          setApplied(contentId.trim());
        }}
      >
        <label>
          Item id
          <input type="text" value={contentId} onChange={(e) => setContentId(e.target.value)} />
        </label>
        <button type="submit">Filter by item</button>
        <label>
          Action
          <select value={action} onChange={(e) => setAction(e.target.value)}>
            <option value="">Any action</option>
            {actions.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <label>
          Person (email contains)
          <input type="text" value={actor} onChange={(e) => setActor(e.target.value)} />
        </label>
      </form>
      <ErrorNote error={error} />
      {!entries && !error && <Loading />}
      {entries && (
        <>
          <p className="count" role="status">
            {shown.length} of {entries.length} loaded entries
          </p>
          <div className="table-wrap">
            <table>
              <caption className="sr-only">Audit entries</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Action</th>
                  <th scope="col">Item</th>
                  <th scope="col">Versions</th>
                  <th scope="col">Detail</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((e) => (
                  <tr key={e.id}>
                    <td>{formatDate(e.at)}</td>
                    <td>{e.actorEmail ?? "—"}</td>
                    <td>{e.action}</td>
                    <td>
                      {e.type ?? ""} <code>{e.contentId ?? ""}</code>
                    </td>
                    <td>
                      {e.versionBefore ?? "—"} → {e.versionAfter ?? "—"}
                    </td>
                    <td className="pre">{Object.keys(e.detail).length ? JSON.stringify(e.detail) : ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {more && (
            <button type="button" onClick={() => fetchPage(entries[entries.length - 1].id, entries)}>
              Load older entries
            </button>
          )}
        </>
      )}
    </section>
  );
}

import { useCallback, useEffect, useState } from "react";
import { onSessionEnded, request, setToken } from "./api";
import { Account } from "./screens/Account";
import { AuditLog, Users } from "./screens/Admin";
import { Dashboard } from "./screens/Dashboard";
import { Editor } from "./screens/Editor";
import { History } from "./screens/History";
import { SignIn } from "./screens/SignIn";
import { TypeList } from "./screens/TypeList";
import { loadModel, TypeModel } from "./model";
import { Link, navigate, useRoute } from "./router";
import { loadSession, LogoutDocument, saveSession, Session } from "./session";
import { ErrorNote, Loading } from "./ui";

export function App() {
  const [session, setSession] = useState<Session | null>(() => {
    const stored = loadSession();
    setToken(stored?.token ?? null);
    return stored;
  });
  const [notice, setNotice] = useState<string | null>(null);
  const [models, setModels] = useState<TypeModel[] | null>(null);
  const [modelError, setModelError] = useState<unknown>(null);
  const route = useRoute();

  const end = useCallback((message: string | null) => {
    saveSession(null);
    setToken(null);
    setSession(null);
    setNotice(message);
  }, []);

  const start = useCallback((next: Session) => {
    // Before the screens render and send their first requests.
    setToken(next.token);
    saveSession(next);
    setSession(next);
    setNotice(null);
  }, []);

  useEffect(() => {
    onSessionEnded(() => end("Your session has ended. Please sign in again."));
    return () => onSessionEnded(null);
  }, [end]);

  // Tokens expire (12 hours): the session ends with them, and on any UNAUTHENTICATED answer.
  useEffect(() => {
    if (!session) return;
    const left = Date.parse(session.expiresAt) - Date.now();
    const timer = window.setTimeout(() => end("Your session has expired. Please sign in again."), Math.min(Math.max(left, 0), 2 ** 31 - 1));
    return () => window.clearTimeout(timer);
  }, [session, end]);

  useEffect(() => {
    if (!session || models) return;
    loadModel().then(setModels, setModelError);
  }, [session, models]);

  if (!session) return <SignIn onSignedIn={start} notice={notice} />;

  const signOut = async () => {
    try {
      await request(LogoutDocument);
    } catch {
      // Signed out locally either way; the token expires on its own.
    }
    end("You are signed out.");
    navigate("/");
  };

  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link to="/" className="brand">
          Health CMS studio
        </Link>
        <nav aria-label="Main">
          <Link to="/">Work</Link>
          {models && <Link to={`/types/${models[0].key}`}>Content</Link>}
          {session.user.role === "ADMIN" && <Link to="/admin/users">Users</Link>}
          {session.user.role === "ADMIN" && <Link to="/admin/audit">Audit log</Link>}
          <Link to="/account">Account</Link>
        </nav>
        <div className="who">
          <span>{session.user.displayName}</span>{" "}
          <span className="badge" data-testid="role">
            {session.user.role}
          </span>{" "}
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {modelError ? (
          <ErrorNote error={modelError} />
        ) : !models ? (
          <Loading />
        ) : (
          <Screen path={route.path} params={route.params} models={models} session={session} onSession={start} />
        )}
      </main>
    </div>
  );
}

function Screen(props: { path: string; params: URLSearchParams; models: TypeModel[]; session: Session; onSession: (s: Session) => void }) {
  const { path, models, session } = props;
  const parts = path.split("/").filter(Boolean);
  if (parts.length === 0) return <Dashboard models={models} session={session} />;
  if (parts[0] === "types" && parts[1]) return <TypeList key={parts[1]} models={models} typeKey={parts[1]} session={session} />;
  if (parts[0] === "new" && parts[1]) return <Editor key={`new-${parts[1]}`} models={models} typeKey={parts[1]} session={session} />;
  if (parts[0] === "edit" && parts[1] && parts[2])
    return <Editor key={`${parts[1]}-${parts[2]}`} models={models} typeKey={parts[1]} id={parts[2]} session={session} />;
  if (parts[0] === "history" && parts[1] && parts[2])
    return <History key={parts[2]} models={models} typeKey={parts[1]} id={parts[2]} session={session} />;
  if (parts[0] === "admin" && parts[1] === "users") return <Users session={session} />;
  if (parts[0] === "admin" && parts[1] === "audit") return <AuditLog />;
  if (parts[0] === "account") return <Account session={session} onSession={props.onSession} />;
  return (
    <section>
      <h1>Not found</h1>
      <p>
        There is no page here. <Link to="/">Back to your work</Link>
      </p>
    </section>
  );
}

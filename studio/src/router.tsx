import { useEffect, useState } from "react";

/** Paths are under /studio; deep links work because the server answers index.html for them. */
export const BASE = "/studio";

let guard: (() => boolean) | null = null;

/** While set, leaving the page asks first (unsaved changes). */
export function setLeaveGuard(fn: (() => boolean) | null): void {
  guard = fn;
}

export function confirmLeave(): boolean {
  return !guard || !guard() || window.confirm("You have unsaved changes. Leave and lose them?");
}

export function navigate(path: string): void {
  if (!confirmLeave()) return;
  guard = null;
  window.history.pushState(null, "", BASE + path);
  window.dispatchEvent(new PopStateEvent("popstate"));
}

function current(): string {
  const path = window.location.pathname.startsWith(BASE) ? window.location.pathname.slice(BASE.length) : "/";
  return path || "/";
}

export function useRoute(): { path: string; params: URLSearchParams } {
  const [path, setPath] = useState(current);
  const [search, setSearch] = useState(window.location.search);
  useEffect(() => {
    const update = () => {
      setPath(current());
      setSearch(window.location.search);
    };
    window.addEventListener("popstate", update);
    return () => window.removeEventListener("popstate", update);
  }, []);
  return { path, params: new URLSearchParams(search) };
}

/** An in-app link: a real <a href> (open in new tab works), navigated without reload. */
export function Link(props: { to: string; children: React.ReactNode; className?: string }) {
  return (
    <a
      href={BASE + props.to}
      className={props.className}
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigate(props.to);
      }}
    >
      {props.children}
    </a>
  );
}

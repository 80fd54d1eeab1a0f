import { graphql } from "./gql";
import { request } from "./api";

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  role: "ADMIN" | "EDITOR" | "REVIEWER";
}

export interface Session {
  token: string;
  expiresAt: string;
  user: SessionUser;
}

const KEY = "health-cms.studio.session";

export const LoginDocument = graphql(`
  mutation StudioLogin($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      token
      expiresAt
      user {
        id
        email
        displayName
        role
      }
    }
  }
`);

export const ChangePasswordDocument = graphql(`
  mutation StudioChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {
      token
      expiresAt
      user {
        id
        email
        displayName
        role
      }
    }
  }
`);

export const LogoutDocument = graphql(`
  mutation StudioLogout {
    logout
  }
`);

/** The session of this tab (sessionStorage: gone when the tab closes), unless it has expired. */
export function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Session;
    return Date.parse(session.expiresAt) > Date.now() ? session : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}

export async function signIn(email: string, password: string): Promise<Session> {
  const { login } = await request(LoginDocument, { email, password });
  return login;
}

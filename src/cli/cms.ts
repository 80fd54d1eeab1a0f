import "reflect-metadata";
import fs from "node:fs";
import readline from "node:readline";
import { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { Role } from "../access/access";
import { AuthService } from "../auth/auth.service";
import { loadConfig } from "../config/config";
import { openDatabase } from "../db/database";
import { editorDataSource } from "../db/data-source";
import { prepareDatabase } from "../db/prepare";
import { Client } from "pg";
import { exportContent, ImportError, importContent } from "./content-transfer";

const USAGE = `Usage:
  npm run cms -- user:create --email EMAIL --role ADMIN|EDITOR|REVIEWER [--name "Display Name"]
    The password comes from CMS_PASSWORD, or is asked for (not echoed).
  npm run -s cms -- export > content.json
    All content, drafts and live, with translations, links and their evidence, review
    metadata, revisions and the audit log (not users, secrets or scheduled jobs).
  npm run cms -- import content.json [--merge]
    Into an empty database, in one transaction; --merge adds what the database lacks.
    The file is read as it is imported; "-" reads standard input.`;

/** Reads a line without echoing it. */
function askHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write("\n");
      resolve(answer);
    });
    muted = true;
  });
}

/** Runs `fn` with a connection as the editorial login, on a migrated database. */
async function withEditor<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const config = loadConfig();
  // Logs go to stderr: stdout may be the export.
  const database = await openDatabase(config, (m) => console.error(m));
  try {
    const { logins } = await prepareDatabase(database.url, {
      given: config.logins,
      loginKey: database.loginKey,
      jwtSecret: config.jwtSecret,
    });
    const client = new Client({ connectionString: logins.editor, application_name: "health-cms:cli" });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  } finally {
    await database.stop();
  }
}

async function transfer(command: string, rest: string[]): Promise<void> {
  if (command === "export") {
    const counts = await withEditor((client) => exportContent(client, process.stdout));
    console.error(`exported ${Object.values(counts).reduce((a, b) => a + b, 0)} rows`);
    return;
  }
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { merge: { type: "boolean" } } });
  if (positionals.length !== 1) {
    console.error(USAGE);
    process.exit(2);
  }
  // Read a line at a time as it is imported: memory holds a batch of rows, not the file.
  const file = positionals[0];
  const open = () => {
    if (file === "-") return process.stdin.setEncoding("utf8");
    fs.accessSync(file, fs.constants.R_OK); // a missing file is said before the database starts
    return fs.createReadStream(file, "utf8");
  };
  const input = open();
  try {
    const counts = await withEditor((client) => importContent(client, input, { merge: values.merge === true }));
    console.error(`imported ${Object.values(counts).reduce((a, b) => a + b, 0)} rows${values.merge ? " (merge)" : ""}`);
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    console.error(`import refused, nothing changed: ${file === "-" ? "standard input" : file} ${error.message}`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === "export" || command === "import") return transfer(command, rest);
  if (command !== "user:create") {
    console.error(USAGE);
    process.exit(2);
  }
  const { values } = parseArgs({ args: rest, options: { email: { type: "string" }, role: { type: "string" }, name: { type: "string" } } });
  if (!values.email || !values.role) {
    console.error(USAGE);
    process.exit(2);
  }
  const password = process.env.CMS_PASSWORD || (await askHidden("Password (at least 10 characters): "));
  const config = loadConfig();
  const database = await openDatabase(config, (m) => console.error(m));
  try {
    const { logins, jwtKey } = await prepareDatabase(database.url, {
      given: config.logins,
      loginKey: database.loginKey,
      jwtSecret: config.jwtSecret,
    });
    const db = await editorDataSource({ url: logins.editor }).initialize();
    try {
      const auth = new AuthService(db, jwtKey);
      const user = await auth.createUser({
        email: values.email,
        role: values.role.toUpperCase() as Role,
        displayName: values.name ?? values.email.split("@")[0],
        password,
      });
      console.log(`created ${user.role} ${user.email} (${user.id})`);
    } finally {
      await db.destroy();
    }
  } finally {
    await database.stop();
  }
}

main().catch((error) => {
  console.error("failed:", error instanceof Error ? error.message : error);
  process.exit(1);
});

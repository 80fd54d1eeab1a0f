import "reflect-metadata";
import readline from "node:readline";
import { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { Role } from "../access/access";
import { AuthService } from "../auth/auth.service";
import { loadConfig } from "../config/config";
import { openDatabase } from "../db/database";
import { editorDataSource } from "../db/data-source";
import { prepareDatabase } from "../db/prepare";

const USAGE = `Usage:
  npm run cms -- user:create --email EMAIL --role ADMIN|EDITOR|REVIEWER [--name "Display Name"]
The password comes from CMS_PASSWORD, or is asked for (not echoed).`;

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

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
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
  const database = await openDatabase(config, (m) => console.log(m));
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

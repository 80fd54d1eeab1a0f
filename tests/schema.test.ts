import fs from "node:fs";
import path from "node:path";
import { schemaSdl } from "../src/server/schema";

describe("schema", () => {
  it("matches the committed schema/schema.graphql (run `npm run schema:emit` after a change)", async () => {
    const committed = fs.readFileSync(path.join(__dirname, "..", "schema", "schema.graphql"), "utf8");
    expect(await schemaSdl()).toBe(committed);
  });
});

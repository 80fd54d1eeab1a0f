import { useCallback, useEffect, useState } from "react";
import { ApiError, request } from "../api";
import { display, inputOf, linkInputs, Links, linksKey, linksOf, fallbackOf, Values, valuesOf, Citation } from "../form";
import { editorialItems, Item, ItemDocument, ITEM_FIELDS, modelOf, TypeModel, typeEnum, typeKey } from "../model";
import { Link, navigate, setLeaveGuard } from "../router";
import { Session } from "../session";
import { ErrorNote, Loading, StatusBadge } from "../ui";
import { ConflictMerge } from "./Conflict";
import { Citations, FieldInput } from "./Fields";
import { lastContentAuthor } from "./History";
import { LinkList } from "./Links";
import { ConditionPreview } from "./PagePreview";
import { Workflow } from "./Workflow";

interface Loaded {
  item: Item | null;
  base: Values;
  baseLinks: Links;
  lastAuthor: string | null;
}

interface Conflict {
  stored: Item;
  storedValues: Values;
  storedLinks: Links;
}

/** Titles of every linked item, for the link lists. */
async function linkTitles(model: TypeModel, models: TypeModel[], item: Item): Promise<Record<string, string>> {
  const all = item.links as Record<string, Array<{ targetId: string }>>;
  const refs = model.links.flatMap((link) => {
    const target = modelOf(models, link.target);
    const key = model.key + link.singular.charAt(0).toUpperCase() + link.singular.slice(1);
    return (all[key] ?? []).map((r) => ({ type: typeEnum(target.key), id: r.targetId }));
  });
  const items = await editorialItems(refs);
  return Object.fromEntries(items.map((i) => [i.id, i.title]));
}

async function fetchItem(model: TypeModel, models: TypeModel[], id: string, locale: string | null) {
  const { editorialItem: item } = await request(ItemDocument, { type: typeEnum(model.key), id, locale });
  if (!item) throw new ApiError("This item does not exist (any more).", "NOT_FOUND");
  const [titles, lastAuthor] = await Promise.all([linkTitles(model, models, item), lastContentAuthor(id)]);
  return { item, links: linksOf(model, item, titles), lastAuthor };
}

/** A per-type mutation: the type's name is part of the mutation's and the input's name. */
function saveFields(model: TypeModel, item: Item | null, locale: string, input: Record<string, unknown>): Promise<Item> {
  const name = model.name;
  const query = item
    ? `mutation StudioUpdate($id: ID!, $version: Int!, $locale: String, $input: ${name}Input!) {
        item: update${name}(id: $id, version: $version, locale: $locale, input: $input) { ${ITEM_FIELDS} } }`
    : `mutation StudioCreate($locale: String, $input: ${name}Input!) { item: create${name}(input: $input, locale: $locale) { ${ITEM_FIELDS} } }`;
  const variables = item ? { id: item.id, version: item.version, locale, input } : { input };
  return request<{ item: Item }, unknown>(query, variables).then((d) => d.item);
}

async function saveLinks(item: Item, kind: string, links: Links): Promise<Item> {
  const query = `mutation StudioSetLinks($type: ContentType!, $id: ID!, $version: Int!, $kind: LinkKind!, $links: [LinkInput!]!) {
    item: setLinks(type: $type, id: $id, version: $version, kind: $kind, links: $links) { ${ITEM_FIELDS} } }`;
  const variables = { type: item.type, id: item.id, version: item.version, kind, links: linkInputs(links[kind]) };
  return (await request<{ item: Item }, unknown>(query, variables)).item;
}

export function Editor(props: { models: TypeModel[]; typeKey: string; id?: string; session: Session }) {
  const model = modelOf(props.models, props.typeKey);
  const [locale, setLocale] = useState<string | null>(null);
  const [defaultLocale, setDefaultLocale] = useState<string>("en");
  const [loaded, setLoaded] = useState<Loaded | null>(
    props.id ? null : { item: null, base: valuesOf(model, null, "en"), baseLinks: {}, lastAuthor: null },
  );
  const [values, setValues] = useState<Values>(() => valuesOf(model, null, "en"));
  const [links, setLinks] = useState<Links>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [discarded, setDiscarded] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [newLocale, setNewLocale] = useState("");
  const [previewCount, setPreviewCount] = useState(0);
  const canEdit = props.session.user.role !== "REVIEWER";
  const current = locale ?? defaultLocale;

  const load = useCallback(
    (wanted: string | null) => {
      if (!props.id) return;
      setError(null);
      fetchItem(model, props.models, props.id, wanted).then(
        ({ item, links: itemLinks, lastAuthor }) => {
          if (wanted === null) setDefaultLocale(item.locale);
          // The locale changes with the values it shows, not before they arrive.
          setLocale(wanted);
          const shown = wanted ?? item.locale;
          const base = valuesOf(model, item, shown);
          setLoaded({ item, base, baseLinks: itemLinks, lastAuthor });
          setValues(base);
          setLinks(itemLinks);
          setErrors({});
          setPreviewCount((n) => n + 1);
        },
        (e) => setError(e),
      );
    },
    [model, props.models, props.id],
  );
  useEffect(() => load(null), [load]);

  const dirty =
    !!loaded &&
    (JSON.stringify(values) !== JSON.stringify(loaded.base) ||
      model.links.some((l) => linksKey(links[l.kind]) !== linksKey(loaded.baseLinks[l.kind])));

  useEffect(() => {
    setLeaveGuard(() => dirty);
    const warn = (e: BeforeUnloadEvent) => {
      if (dirty) e.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => {
      window.removeEventListener("beforeunload", warn);
      setLeaveGuard(null);
    };
  }, [dirty]);

  if (error && !loaded) return <ErrorNote error={error} />;
  if (!loaded) return <Loading />;
  const item = loaded.item;

  const save = async () => {
    setSaving(true);
    setSaved(null);
    setErrors({});
    setError(null);
    try {
      let next = item;
      const input = inputOf(model, values, item ? loaded.base : null);
      if (!item || Object.keys(input).length > 0) next = await saveFields(model, item, current, input);
      for (const link of model.links) {
        if (next && linksKey(links[link.kind]) !== linksKey(loaded.baseLinks[link.kind])) next = await saveLinks(next, link.kind, links);
      }
      setSaved(next ? `Saved: version ${next.version}, status ${next.status}.` : null);
      if (!item && next) {
        setLeaveGuard(null);
        navigate(`/edit/${model.key}/${next.id}`);
        return;
      }
      load(locale);
    } catch (e) {
      if (e instanceof ApiError && e.code === "CONFLICT" && item && e.extensions.currentVersion !== undefined) {
        const stored = await fetchItem(model, props.models, item.id, current);
        setConflict({ stored: stored.item, storedValues: valuesOf(model, stored.item, current), storedLinks: stored.links });
      } else if (e instanceof ApiError && (e.code === "BAD_USER_INPUT" || e.code === "CONFLICT")) {
        const fields = e.fieldMessages;
        const byField: Record<string, string> = {};
        for (const [path, message] of Object.entries(fields)) byField[path.replace(/^input\./, "").split(/[.[]/)[0]] = message;
        setErrors(byField);
        setError(e);
      } else setError(e);
    } finally {
      setSaving(false);
    }
  };

  const switchLocale = (next: string) => {
    if (dirty && !window.confirm("Switching the locale drops your unsaved changes. Switch?")) return;
    load(next);
  };

  const chain = (l: string) => [...new Set([l, l.split("-")[0], defaultLocale])];
  const translated = new Set(item?.translations.map((t) => t.locale) ?? []);
  const locales = [...new Set([...(item?.translations.map((t) => t.locale) ?? []), current])];

  return (
    <section className="editor">
      <div className="editor-head">
        <h1>
          {item ? item.title || "(untitled)" : `New ${model.label.toLowerCase()}`} <small>{model.label}</small>
        </h1>
        {item && (
          <p>
            <StatusBadge status={item.status} /> version {item.version} · created by {item.createdBy ?? "—"} · last change by{" "}
            {item.updatedBy ?? "—"} · <Link to={`/history/${model.key}/${item.id}`}>History</Link>
          </p>
        )}
      </div>
      {item && (
        <div className="toolbar" role="group" aria-label="Translations">
          <label>
            Locale
            <select value={current} onChange={(e) => switchLocale(e.target.value)}>
              {locales.map((l) => (
                <option key={l} value={l}>
                  {l}
                  {translated.has(l)
                    ? ""
                    : ` (not translated: falls back to ${
                        chain(l)
                          .slice(1)
                          .find((c) => translated.has(c)) ?? defaultLocale
                      })`}
                </option>
              ))}
            </select>
          </label>
          <label>
            Add a locale
            <input type="text" placeholder="e.g. es or es-MX" value={newLocale} onChange={(e) => setNewLocale(e.target.value)} />
          </label>
          <button type="button" disabled={!/^[a-z]{2}(-[A-Z]{2})?$/.test(newLocale)} onClick={() => switchLocale(newLocale)}>
            Translate into {newLocale || "…"}
          </button>
          <p className="hint">
            Readers of {current} get: {chain(current).join(" → ")} (first that exists, field by field).
          </p>
        </div>
      )}
      {conflict && (
        <ConflictMerge
          model={model}
          stored={conflict.stored}
          base={loaded.base}
          mine={values}
          storedValues={conflict.storedValues}
          baseLinks={loaded.baseLinks}
          myLinks={links}
          storedLinks={conflict.storedLinks}
          onMerge={(merged, mergedLinks) => {
            setLoaded({ ...loaded, item: conflict.stored, base: conflict.storedValues, baseLinks: conflict.storedLinks });
            setValues(merged);
            setLinks(mergedLinks);
            setConflict(null);
            setError(null);
            setSaved("Merged on top of the stored version: review and save.");
          }}
          onReload={() => {
            const mine = model.fields.map((f) => `${f.label}: ${display(values[f.name])}`).join("\n");
            setDiscarded(mine);
            setLoaded({ ...loaded, item: conflict.stored, base: conflict.storedValues, baseLinks: conflict.storedLinks });
            setValues(conflict.storedValues);
            setLinks(conflict.storedLinks);
            setConflict(null);
            setError(null);
          }}
        />
      )}
      {discarded && (
        <details className="panel">
          <summary>Your edits that were replaced (copy what you need)</summary>
          <pre>{discarded}</pre>
        </details>
      )}
      <div className={model.key === "condition" && item ? "columns" : undefined}>
        <form
          className="content-form"
          aria-label={`${model.label} form`}
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <fieldset disabled={!canEdit} className="plain">
            {model.fields.map((field) => (
              <FieldInput
                key={field.name}
                field={field}
                locale={current}
                value={values[field.name]}
                error={errors[field.name]}
                fallback={fallbackOf(item, current, field)}
                onChange={(v) => setValues({ ...values, [field.name]: v })}
              />
            ))}
            <div className="field">
              <label htmlFor="slug">Slug · {current}</label>
              <input
                id="slug"
                type="text"
                value={values.slug as string}
                placeholder="made from the name when left empty"
                aria-invalid={errors.slug ? true : undefined}
                onChange={(e) => setValues({ ...values, slug: e.target.value })}
              />
              {errors.slug && (
                <span className="field-error" role="alert">
                  {errors.slug}
                </span>
              )}
            </div>
            <Citations
              value={values.citations as Citation[]}
              error={errors.citations}
              onChange={(c) => setValues({ ...values, citations: c })}
            />
            {item ? (
              model.links.map((link) => (
                <LinkList
                  key={link.kind}
                  link={link}
                  models={props.models}
                  rows={links[link.kind] ?? []}
                  onChange={(rows) => setLinks({ ...links, [link.kind]: rows })}
                />
              ))
            ) : model.links.length > 0 ? (
              <p className="hint">Save the new item first; then add its links.</p>
            ) : null}
          </fieldset>
          <div className="savebar">
            {error ? <ErrorNote error={error} /> : null}
            {saved && (
              <p className="notice" role="status">
                {saved}
              </p>
            )}
            {dirty && <p className="hint">Unsaved changes.</p>}
            {canEdit && (
              <button type="submit" className="primary" disabled={saving || (!!item && !dirty) || !!conflict}>
                {saving ? "Saving…" : item ? "Save" : "Create draft"}
              </button>
            )}
            {dirty && item && (
              <button type="button" onClick={() => load(locale)}>
                Discard changes
              </button>
            )}
          </div>
        </form>
        {model.key === "condition" && item && (
          <aside aria-label="Condition page preview" className="preview-col">
            <h2>Page preview</h2>
            <ConditionPreview slug={item.slug} locale={current} refresh={previewCount} />
          </aside>
        )}
      </div>
      {item && <Workflow item={item} session={props.session} lastAuthor={loaded.lastAuthor} dirty={dirty} onDone={() => load(locale)} />}
      <p>
        <Link to={`/types/${typeKey(item?.type ?? typeEnum(model.key))}`}>Back to the {model.label.toLowerCase()} list</Link>
      </p>
    </section>
  );
}

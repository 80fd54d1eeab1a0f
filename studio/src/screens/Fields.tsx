import { useId } from "react";
import { Citation, CITATION_KEYS, Code, emptyCitation, Value } from "../form";
import { FieldModel } from "../model";
import { MarkdownPreview } from "../safe-html";

const CITATION_LABELS: Record<keyof Citation, string> = {
  title: "Title",
  url: "URL",
  publisher: "Publisher",
  doi: "DOI",
  pmid: "PMID",
  evidenceLevel: "Evidence level",
  note: "Note",
};

function Describe(props: { id: string; help?: string | null; error?: string; fallback?: string | null }) {
  return (
    <>
      {props.help && (
        <span className="help" id={`${props.id}-help`}>
          {props.help}
        </span>
      )}
      {props.fallback && (
        <span className="fallback" id={`${props.id}-fallback`}>
          Not translated: readers get {props.fallback}
        </span>
      )}
      {props.error && (
        <span className="field-error" id={`${props.id}-error`} role="alert">
          {props.error}
        </span>
      )}
    </>
  );
}

function describedBy(id: string, help?: string | null, error?: string, fallback?: string | null): string | undefined {
  const ids = [help && `${id}-help`, fallback && `${id}-fallback`, error && `${id}-error`].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

/** One field of the content model as a form control, with its help, fallback and error. */
export function FieldInput(props: {
  field: FieldModel;
  value: Value;
  error?: string;
  fallback?: string | null;
  locale: string;
  onChange: (value: Value) => void;
}) {
  const { field, error, fallback } = props;
  const id = useId();
  const label = `${field.label}${field.required ? " (required)" : ""}${field.localized ? ` · ${props.locale}` : ""}`;
  const common = {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy(id, field.help, error, fallback),
  };
  if (field.kind === "json") {
    return (
      <fieldset className="field">
        <legend>{field.label}</legend>
        <Codes value={props.value as Code[]} onChange={props.onChange} />
        <Describe id={id} help={field.help} error={error} />
      </fieldset>
    );
  }
  let control: React.ReactNode;
  if (field.kind === "enum") {
    control = (
      <select {...common} value={props.value as string} onChange={(e) => props.onChange(e.target.value)}>
        {!field.required && <option value="">(default)</option>}
        {(field.enumValues ?? []).map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    );
  } else if (field.kind === "textList") {
    control = (
      <textarea
        {...common}
        rows={4}
        value={(props.value as string[]).join("\n")}
        onChange={(e) => props.onChange(e.target.value.split("\n"))}
      />
    );
  } else if (field.kind === "markdown") {
    return (
      <div className="field markdown">
        <label htmlFor={id}>{label}</label>
        <div className="side-by-side">
          <textarea
            {...common}
            rows={12}
            maxLength={field.maxLength ?? undefined}
            value={props.value as string}
            onChange={(e) => props.onChange(e.target.value)}
          />
          <MarkdownPreview markdown={props.value as string} label={`${field.label} preview`} />
        </div>
        <Describe id={id} help={field.help} error={error} fallback={fallback} />
      </div>
    );
  } else if ((field.maxLength ?? 0) > 300) {
    control = (
      <textarea
        {...common}
        rows={3}
        maxLength={field.maxLength ?? undefined}
        value={props.value as string}
        onChange={(e) => props.onChange(e.target.value)}
      />
    );
  } else {
    control = (
      <input
        {...common}
        type="text"
        maxLength={field.maxLength ?? undefined}
        value={props.value as string}
        onChange={(e) => props.onChange(e.target.value)}
      />
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {field.kind === "textList" && " (one per line)"}
      </label>
      {control}
      <Describe id={id} help={field.help} error={error} fallback={fallback} />
    </div>
  );
}

export function CitationFields(props: { value: Citation; onChange: (c: Citation) => void; prefix: string }) {
  return (
    <div className="grid">
      {CITATION_KEYS.map((k) => (
        <label key={k}>
          {props.prefix}: {CITATION_LABELS[k].toLowerCase()}
          <input
            type={k === "url" ? "url" : "text"}
            value={props.value[k]}
            onChange={(e) => props.onChange({ ...props.value, [k]: e.target.value })}
          />
        </label>
      ))}
    </div>
  );
}

export function Citations(props: { value: Citation[]; error?: string; onChange: (value: Citation[]) => void }) {
  const set = (n: number, c: Citation) => props.onChange(props.value.map((x, i) => (i === n ? c : x)));
  return (
    <fieldset className="field">
      <legend>Citations: the sources this content rests on</legend>
      {props.value.map((c, n) => (
        <div key={n} className="row-box">
          <CitationFields value={c} prefix={`Citation ${n + 1}`} onChange={(next) => set(n, next)} />
          <button type="button" onClick={() => props.onChange(props.value.filter((_x, i) => i !== n))}>
            Remove citation {n + 1}
          </button>
        </div>
      ))}
      <button type="button" onClick={() => props.onChange([...props.value, emptyCitation()])}>
        Add citation
      </button>
      {props.error && (
        <span className="field-error" role="alert">
          {props.error}
        </span>
      )}
    </fieldset>
  );
}

function Codes(props: { value: Code[]; onChange: (value: Code[]) => void }) {
  const set = (n: number, c: Code) => props.onChange(props.value.map((x, i) => (i === n ? c : x)));
  return (
    <>
      {props.value.map((c, n) => (
        <div key={n} className="row-box grid">
          <label>
            Code {n + 1} system
            <input type="text" list="code-systems" value={c.system} onChange={(e) => set(n, { ...c, system: e.target.value })} />
          </label>
          <label>
            Code {n + 1}
            <input type="text" value={c.code} onChange={(e) => set(n, { ...c, code: e.target.value })} />
          </label>
          <label>
            Code {n + 1} source title
            <input type="text" value={c.citationTitle} onChange={(e) => set(n, { ...c, citationTitle: e.target.value })} />
          </label>
          <label>
            Code {n + 1} source URL
            <input type="url" value={c.citationUrl} onChange={(e) => set(n, { ...c, citationUrl: e.target.value })} />
          </label>
          <button type="button" onClick={() => props.onChange(props.value.filter((_x, i) => i !== n))}>
            Remove code {n + 1}
          </button>
        </div>
      ))}
      <datalist id="code-systems">
        <option value="ICD-10" />
        <option value="ICD-10-CM" />
        <option value="ICD-11" />
        <option value="SNOMED CT" />
      </datalist>
      <button type="button" onClick={() => props.onChange([...props.value, { system: "", code: "", citationTitle: "", citationUrl: "" }])}>
        Add code
      </button>
    </>
  );
}

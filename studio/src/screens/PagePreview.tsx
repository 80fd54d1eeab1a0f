import { useEffect, useState } from "react";
import { request } from "../api";
import { graphql } from "../gql";
import type { StudioConditionPageQuery } from "../gql/graphql";
import { formatDate } from "../model";
import { SafeHtml } from "../safe-html";
import { ErrorNote, Loading } from "../ui";

const ConditionPageDocument = graphql(`
  query StudioConditionPage($slug: String!, $locale: String) {
    condition(slug: $slug, locale: $locale) {
      name
      locale
      summary
      bodyHtml
      alternateNames
      causes
      reviewStatus
      lastReviewedAt
      nextReviewDueAt
      codes {
        system
        code
      }
      symptomLinks {
        note
        symptom {
          name
        }
      }
      riskFactors {
        name
      }
      treatmentLinks {
        line
        note
        treatment {
          name
        }
      }
      redFlags {
        text
        urgency
      }
      selfCare {
        text
      }
    }
  }
`);

/** The condition page as a website renders it, from the draft graph (X-Preview): saved changes only. */
export function ConditionPreview(props: { slug: string; locale: string; refresh: number }) {
  const [page, setPage] = useState<StudioConditionPageQuery["condition"] | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setError(null);
    request(ConditionPageDocument, { slug: props.slug, locale: props.locale }, { preview: true }).then(
      (d) => setPage(d.condition),
      setError,
    );
  }, [props.slug, props.locale, props.refresh]);
  if (error) return <ErrorNote error={error} />;
  if (page === undefined) return <Loading label="Loading the page preview…" />;
  if (page === null) return <p>No page for this slug in the draft graph.</p>;
  return (
    <article className="page-preview" aria-label="Page preview">
      <p className="hint">Preview of the saved draft ({page.locale}); unsaved edits are not shown.</p>
      <h3>{page.name}</h3>
      {page.alternateNames.length > 0 && <p>Also called: {page.alternateNames.join(", ")}</p>}
      {page.summary && <p className="lead">{page.summary}</p>}
      <SafeHtml html={page.bodyHtml} className="md-preview" />
      {page.symptomLinks.length > 0 && (
        <>
          <h4>Symptoms</h4>
          <ul>
            {page.symptomLinks.map((l, n) => (
              <li key={n}>
                {l.symptom.name}
                {l.note && <span className="hint"> — {l.note}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      {page.riskFactors.length > 0 && (
        <>
          <h4>Risk factors</h4>
          <ul>
            {page.riskFactors.map((r, n) => (
              <li key={n}>{r.name}</li>
            ))}
          </ul>
        </>
      )}
      {page.treatmentLinks.length > 0 && (
        <>
          <h4>Treatments</h4>
          <ul>
            {page.treatmentLinks.map((l, n) => (
              <li key={n}>
                {l.treatment.name} ({l.line.replace("_", " ").toLowerCase()}){l.note && <span className="hint"> — {l.note}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      {page.redFlags.length > 0 && (
        <>
          <h4>Seek medical attention if</h4>
          <ul>
            {page.redFlags.map((r, n) => (
              <li key={n}>
                {r.text} ({r.urgency.toLowerCase()})
              </li>
            ))}
          </ul>
        </>
      )}
      {page.codes.length > 0 && <p>Codes: {page.codes.map((c) => `${c.system} ${c.code}`).join(", ")}</p>}
      <p className="hint">
        Review: {page.reviewStatus.replace("_", " ").toLowerCase()} · last reviewed {formatDate(page.lastReviewedAt)} · next review{" "}
        {formatDate(page.nextReviewDueAt)}
      </p>
    </article>
  );
}

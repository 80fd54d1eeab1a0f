import { defineContentType } from "../definition";

export default defineContentType({
  key: "topic",
  name: "Topic",
  table: "topic",
  description: "A topic page (schema.org MedicalWebPage): the overview of a subject with its conditions, general advice and red flags.",
  itemQuery: "topic",
  listQuery: "topics",
  sortField: "title",
  schemaOrg: "MedicalWebPage",
  label: "Topic",
  help: "The overview page of a subject, e.g. leg and calf pain, linking the conditions it covers.",
  fields: {
    title: { kind: "text", localized: true, required: true, maxLength: 300, label: "Title" },
    summary: {
      kind: "text",
      localized: true,
      maxLength: 2000,
      label: "Summary",
      searchWeight: "C",
      help: "The page's key message in a sentence or two.",
    },
    introduction: { kind: "markdown", localized: true, maxLength: 100000, label: "Introduction" },
    causeKinds: { kind: "textList", localized: true, maxItems: 20, itemMaxLength: 300, label: "Kinds of causes" },
    treatmentFraming: {
      kind: "markdown",
      localized: true,
      maxLength: 100000,
      label: "About treatment",
      help: "How treatment is chosen, in general terms.",
    },
    conclusion: { kind: "markdown", localized: true, maxLength: 100000, label: "Conclusion" },
  },
  links: [
    { field: "conditions", singular: "condition", target: "condition", label: "Conditions", help: "The conditions this topic covers." },
    {
      field: "advice",
      singular: "advice",
      target: "advice",
      label: "General advice",
      help: "Prevention and self-care that the source gives in general terms.",
    },
    { field: "redFlags", singular: "redFlag", target: "redFlag", label: "Red flags" },
  ],
});

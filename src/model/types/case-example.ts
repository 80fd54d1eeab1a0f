import { defineContentType } from "../definition";

export default defineContentType({
  key: "caseExample",
  name: "CaseExample",
  table: "case_example",
  description: "An illustrative patient story: how a condition presented and was treated.",
  itemQuery: "caseExample",
  listQuery: "caseExamples",
  sortField: "title",
  schemaOrg: "Article",
  label: "Case example",
  fields: {
    title: { kind: "text", localized: true, required: true, maxLength: 300, label: "Title" },
    presentation: { kind: "text", localized: true, maxLength: 5000, label: "Presentation", searchWeight: "C" },
    plan: { kind: "text", localized: true, maxLength: 5000, label: "Plan" },
    outcome: { kind: "text", localized: true, maxLength: 5000, label: "Outcome" },
  },
  links: [
    { field: "conditions", singular: "condition", target: "condition", label: "Conditions" },
    { field: "treatments", singular: "treatment", target: "treatment", label: "Treatments" },
  ],
});

import { defineContentType, defineEnum } from "../definition";

export const TreatmentCategory = defineEnum({ name: "TreatmentCategory", values: ["SELF_CARE", "CONSERVATIVE", "ADVANCED", "SURGICAL"] });

export default defineContentType({
  key: "treatment",
  name: "Treatment",
  table: "treatment",
  description: "A treatment or therapy (schema.org MedicalTherapy).",
  itemQuery: "treatment",
  listQuery: "treatments",
  sortField: "name",
  schemaOrg: "MedicalTherapy",
  label: "Treatment",
  fields: {
    name: { kind: "text", localized: true, required: true, maxLength: 200, label: "Name" },
    summary: { kind: "text", localized: true, maxLength: 2000, label: "Summary", searchWeight: "C" },
    body: { kind: "markdown", localized: true, maxLength: 100000, label: "Body", help: "Markdown; served as sanitized HTML too." },
    category: { kind: "enum", localized: false, required: true, enum: TreatmentCategory, label: "Category" },
  },
  filters: { category: { field: "category", match: "equals" } },
});

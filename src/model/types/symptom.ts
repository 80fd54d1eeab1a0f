import { defineContentType, defineEnum } from "../definition";

export const SymptomKind = defineEnum({
  name: "SymptomKind",
  values: ["SYMPTOM", "SIGN"],
  description: "What the patient reports (SYMPTOM) or a clinician observes (SIGN).",
});

export default defineContentType({
  key: "symptom",
  name: "Symptom",
  table: "symptom",
  description: "A symptom or sign (schema.org MedicalSignOrSymptom).",
  itemQuery: "symptom",
  listQuery: "symptoms",
  sortField: "name",
  schemaOrg: "MedicalSignOrSymptom",
  label: "Symptom",
  fields: {
    name: { kind: "text", localized: true, required: true, maxLength: 200, label: "Name" },
    description: { kind: "text", localized: true, maxLength: 5000, label: "Description", searchWeight: "C" },
    kind: {
      kind: "enum",
      localized: false,
      enum: SymptomKind,
      default: "SYMPTOM",
      label: "Kind",
      help: "Reported by the patient, or observed by a clinician.",
    },
  },
  filters: { kind: { field: "kind", match: "equals" } },
});

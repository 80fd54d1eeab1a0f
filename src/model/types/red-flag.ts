import { defineContentType, defineEnum } from "../definition";

export const RedFlagUrgency = defineEnum({ name: "RedFlagUrgency", values: ["NON_URGENT", "URGENT", "EMERGENCY"] });

export default defineContentType({
  key: "redFlag",
  name: "RedFlag",
  table: "red_flag",
  description: "When to seek help: a warning sign and what to do about it.",
  itemQuery: "redFlag",
  listQuery: "redFlags",
  sortField: "text",
  schemaOrg: "MedicalSignOrSymptom",
  label: "Red flag",
  fields: {
    text: { kind: "text", localized: true, required: true, maxLength: 2000, label: "Warning sign" },
    urgency: { kind: "enum", localized: false, required: true, enum: RedFlagUrgency, label: "Urgency" },
    action: {
      kind: "text",
      localized: true,
      maxLength: 2000,
      label: "What to do",
      searchWeight: "C",
      description: "What the reader should do, e.g. seek immediate medical attention.",
    },
  },
  filters: { urgency: { field: "urgency", match: "equals" } },
});

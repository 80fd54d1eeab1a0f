import { defineContentType, defineEnum } from "../definition";

export const AdviceKind = defineEnum({ name: "AdviceKind", values: ["PREVENTION", "SELF_CARE"] });

export default defineContentType({
  key: "advice",
  name: "Advice",
  table: "advice",
  description: "A prevention tip or self-care step.",
  itemQuery: "adviceItem",
  listQuery: "advice",
  sortField: "text",
  schemaOrg: "HealthTopicContent",
  label: "Advice",
  fields: {
    text: { kind: "text", localized: true, required: true, maxLength: 2000, label: "Text" },
    kind: { kind: "enum", localized: false, required: true, enum: AdviceKind, label: "Kind", help: "Prevention tip or self-care step." },
  },
  filters: { kind: { field: "kind", match: "equals" } },
});

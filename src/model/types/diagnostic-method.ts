import { defineContentType } from "../definition";

export default defineContentType({
  key: "diagnosticMethod",
  name: "DiagnosticMethod",
  table: "diagnostic_method",
  description: "How clinicians find the cause (schema.org MedicalTest / PhysicalExam).",
  itemQuery: "diagnosticMethod",
  listQuery: "diagnosticMethods",
  sortField: "name",
  schemaOrg: "MedicalTest",
  label: "Diagnostic method",
  fields: {
    name: { kind: "text", localized: true, required: true, maxLength: 200, label: "Name" },
    description: { kind: "text", localized: true, maxLength: 5000, label: "Description", searchWeight: "C" },
  },
});

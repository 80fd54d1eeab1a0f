import { defineContentType } from "../definition";

export default defineContentType({
  key: "riskFactor",
  name: "RiskFactor",
  table: "risk_factor",
  description: "Something that makes a condition more likely (schema.org MedicalRiskFactor).",
  itemQuery: "riskFactor",
  listQuery: "riskFactors",
  sortField: "name",
  schemaOrg: "MedicalRiskFactor",
  label: "Risk factor",
  fields: {
    name: { kind: "text", localized: true, required: true, maxLength: 200, label: "Name" },
    description: { kind: "text", localized: true, maxLength: 5000, label: "Description", searchWeight: "C" },
  },
});

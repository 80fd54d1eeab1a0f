import { itemQuery, listQuery } from "../content/content.resolver";
import { where } from "../content/content.service";
import { DiagnosticMethod, DiagnosticMethodConnection, DiagnosticMethodFilter } from "./diagnostic-method.type";
import { contentMutations } from "../editorial/content-mutations";
import { DiagnosticMethodInput } from "./diagnostic-method.input";

export const DiagnosticMethodQuery = itemQuery({
  type: "diagnosticMethod",
  name: "diagnosticMethod",
  node: DiagnosticMethod,
  description: "A published diagnostic method by slug, or null.",
});

export const DiagnosticMethodsQuery = listQuery<DiagnosticMethodFilter>({
  type: "diagnosticMethod",
  name: "diagnosticMethods",
  description: "Published diagnostic methods, ordered by name.",
  connection: DiagnosticMethodConnection,
  filter: DiagnosticMethodFilter,
  where: (f) => (f.condition ? [where.linkedTo("conditionDiagnosticMethod", "in", f.condition)] : []),
});

export const DiagnosticMethodMutations = contentMutations({ type: "diagnosticMethod", name: "DiagnosticMethod", input: DiagnosticMethodInput });

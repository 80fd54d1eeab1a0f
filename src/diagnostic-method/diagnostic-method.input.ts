import { InputType } from "type-graphql";
import { NamedContentInput } from "../content/content.input";

@InputType({ description: "DiagnosticMethod fields; all optional, so updates are partial. Text fields go to the mutation's locale." })
export class DiagnosticMethodInput extends NamedContentInput {}

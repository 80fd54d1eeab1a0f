import { InputType } from "type-graphql";
import { NamedContentInput } from "../content/content.input";

@InputType({ description: "RiskFactor fields; all optional, so updates are partial. Text fields go to the mutation's locale." })
export class RiskFactorInput extends NamedContentInput {}

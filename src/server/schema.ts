import { GraphQLSchema, lexicographicSortSchema, printSchema } from "graphql";
import { buildSchema, NonEmptyArray } from "type-graphql";
import { AdviceQuery } from "../advice/advice.resolver";
import { CaseExampleQuery, CaseExampleResolver, CaseExamplesQuery } from "../case-example/case-example.resolver";
import { ConditionQuery, ConditionResolver, ConditionsQuery } from "../condition/condition.resolver";
import { DiagnosticMethodQuery, DiagnosticMethodsQuery } from "../diagnostic-method/diagnostic-method.resolver";
import { RedFlagsQuery } from "../red-flag/red-flag.resolver";
import { RiskFactorQuery, RiskFactorResolver, RiskFactorsQuery } from "../risk-factor/risk-factor.resolver";
import { SymptomQuery, SymptomResolver, SymptomsQuery } from "../symptom/symptom.resolver";
import { TreatmentQuery, TreatmentResolver, TreatmentsQuery } from "../treatment/treatment.resolver";

const resolvers: NonEmptyArray<Function> = [
  ConditionQuery,
  ConditionsQuery,
  ConditionResolver,
  SymptomQuery,
  SymptomsQuery,
  SymptomResolver,
  RiskFactorQuery,
  RiskFactorsQuery,
  RiskFactorResolver,
  TreatmentQuery,
  TreatmentsQuery,
  TreatmentResolver,
  DiagnosticMethodQuery,
  DiagnosticMethodsQuery,
  AdviceQuery,
  RedFlagsQuery,
  CaseExampleQuery,
  CaseExamplesQuery,
  CaseExampleResolver,
];

let built: Promise<GraphQLSchema> | undefined;

/** The executable schema, built once per process. */
export function graphqlSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({ resolvers, validate: false });
  return built;
}

/** The SDL committed as schema/schema.graphql; sorted so that it diffs cleanly. */
export async function schemaSdl(): Promise<string> {
  return printSchema(lexicographicSortSchema(await graphqlSchema())) + "\n";
}

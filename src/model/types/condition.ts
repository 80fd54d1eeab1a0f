import { IsIn, IsOptional, Length, ValidateNested } from "class-validator";
import { Field, InputType, ObjectType } from "type-graphql";
import { CitationInput } from "../../content/content.input";
import { Citation } from "../../content/content.type";
import { defineContentType, defineEnum } from "../definition";

export const CODE_SYSTEMS = ["ICD-10", "ICD-10-CM", "ICD-11", "SNOMED CT"];

@ObjectType({ description: "A code for the condition in a medical terminology.", simpleResolvers: true })
export class MedicalCode {
  @Field({ description: "E.g. ICD-10, ICD-11, SNOMED CT." })
  system: string;

  @Field()
  code: string;

  @Field(() => Citation, { nullable: true, description: "Where the code is defined." })
  citation: Citation | null;
}

@InputType()
export class MedicalCodeInput {
  @Field({ description: CODE_SYSTEMS.join(", ") })
  @IsIn(CODE_SYSTEMS)
  system: string;

  @Field()
  @Length(1, 40)
  code: string;

  @Field(() => CitationInput, { nullable: true, description: "Where the code is defined; give one." })
  @IsOptional()
  @ValidateNested()
  citation?: CitationInput | null;
}

export const TreatmentLine = defineEnum({
  name: "TreatmentLine",
  values: ["FIRST_LINE", "ADVANCED", "SPECIALIST"],
  description: "Where a treatment stands for one condition: tried first, next, or by a specialist.",
});

const BODY_REGION = { regex: /^[a-z0-9]+(-[a-z0-9]+)*$/, message: "body regions are slugs like lower-back" };

export default defineContentType({
  key: "condition",
  name: "Condition",
  table: "condition",
  description: "A medical condition (schema.org MedicalCondition) with everything linked to it.",
  itemQuery: "condition",
  listQuery: "conditions",
  sortField: "name",
  schemaOrg: "MedicalCondition",
  // Conditions are the pages readers look for: one that mentions the words in its body ranks
  // above a symptom, red flag or advice item named by them (shown on condition pages anyway).
  searchBoost: 20,
  label: "Condition",
  help: "A medical condition and everything linked to it: symptoms, risk factors, treatments, tests, advice and red flags.",
  fields: {
    name: { kind: "text", localized: true, required: true, maxLength: 200, label: "Name" },
    alternateNames: { kind: "textList", localized: true, maxItems: 30, itemMaxLength: 200, label: "Other names", searchWeight: "B" },
    summary: {
      kind: "text",
      localized: true,
      maxLength: 2000,
      label: "Summary",
      searchWeight: "C",
      help: "One or two plain sentences for lists and previews.",
    },
    body: { kind: "markdown", localized: true, maxLength: 100000, label: "Body", help: "Markdown; served as sanitized HTML too." },
    causes: {
      kind: "textList",
      localized: true,
      maxItems: 30,
      itemMaxLength: 300,
      label: "Causes",
      help: "Causes only, not aggravating factors.",
    },
    bodyRegions: {
      kind: "textList",
      localized: false,
      maxItems: 20,
      itemMaxLength: 80,
      itemPattern: BODY_REGION,
      label: "Body regions",
      description: "Body region slugs, e.g. calf, knee, lower-back.",
    },
    codes: {
      kind: "json",
      localized: false,
      objectType: () => MedicalCode,
      inputType: () => MedicalCodeInput,
      maxItems: 20,
      label: "Medical codes",
      help: "Only codes you can cite.",
    },
  },
  links: [
    {
      field: "symptoms",
      singular: "symptom",
      target: "symptom",
      label: "Symptoms",
      description: "Symptoms with the link's order and note.",
    },
    { field: "riskFactors", singular: "riskFactor", target: "riskFactor", label: "Risk factors" },
    {
      field: "treatments",
      singular: "treatment",
      target: "treatment",
      label: "Treatments",
      description: "Treatments with order, line and note.",
      attributes: { line: { enum: TreatmentLine, default: "FIRST_LINE", label: "Line", help: "Tried first, next, or by a specialist." } },
      reverse: { field: "conditions", filter: "condition", description: "Conditions this treatment is used for." },
    },
    { field: "diagnosticMethods", singular: "diagnosticMethod", target: "diagnosticMethod", label: "Diagnostic methods" },
    {
      field: "advice",
      singular: "advice",
      target: "advice",
      label: "Advice",
      description: "Prevention and self-care advice with order and note.",
    },
    { field: "redFlags", singular: "redFlag", target: "redFlag", label: "Red flags" },
    {
      field: "differentials",
      singular: "differential",
      target: "condition",
      targetColumn: "differential_id",
      label: "Differentials",
      description: "Conditions to tell this one apart from.",
      filter: false,
      reverse: false,
    },
  ],
  views: {
    prevention: { link: "advice", field: "kind", equals: "PREVENTION", description: "Prevention tips for this condition." },
    selfCare: { link: "advice", field: "kind", equals: "SELF_CARE", description: "Self-care steps for this condition." },
  },
  filters: {
    bodyRegion: {
      field: "bodyRegions",
      match: "contains",
      lowerCase: true,
      description: "Only conditions of this body region slug, e.g. calf.",
    },
  },
});

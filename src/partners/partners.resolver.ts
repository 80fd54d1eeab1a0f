import { GraphQLJSONObject } from "graphql-scalars";
import { Ctx, Field, FieldResolver, ObjectType, Resolver, Root } from "type-graphql";
import { NodeRow } from "../content/content.loaders";
import { ReviewStatus } from "../content/content.type";
import { NODE_TYPES } from "../model/graphql-types";
import { RequestContext } from "../server/context";
import { treatmentEmbed } from "./embed";
import { JSON_LD_TYPES, jsonLdOf } from "./json-ld";
import { partnerConfigFromEnv } from "./partner-config";

@ObjectType("TreatmentEmbed", { description: "A published treatment, ready for a partner's page (also GET /embed/treatments/:slug)." })
export class TreatmentEmbed {
  @Field({ description: "Sanitized HTML snippet: title, summary, body, review dates and attribution; no scripts or styles." })
  html: string;

  @Field({ description: "The same as plain text." })
  text: string;

  @Field(() => GraphQLJSONObject, { description: "schema.org JSON-LD (MedicalWebPage about a MedicalTherapy)." })
  jsonLd: Record<string, unknown>;

  @Field({ description: "Who supplies the content and the sources it rests on; show it with the content." })
  attribution: string;

  @Field(() => String, { nullable: true, description: "The treatment's page on the public site (PUBLIC_SITE_URL), when configured." })
  canonicalUrl: string | null;

  @Field(() => Date, { nullable: true, description: "Date of the recorded clinical sign-off; null when there is none." })
  lastReviewedAt: Date | null;

  @Field(() => Date, { nullable: true })
  nextReviewDueAt: Date | null;

  @Field(() => ReviewStatus)
  reviewStatus: ReviewStatus;
}

/** `jsonLd` on a type with structured data (conditions, symptoms, risk factors, treatments). */
function jsonLdField(type: string): Function {
  @Resolver(() => NODE_TYPES.get(type)!)
  class JsonLdField {
    @FieldResolver(() => GraphQLJSONObject, {
      description:
        "schema.org JSON-LD of this item's page: a MedicalWebPage about it, with its sources. Put it in a script tag of type application/ld+json.",
    })
    jsonLd(@Root() node: NodeRow, @Ctx() ctx: RequestContext) {
      return jsonLdOf(ctx, partnerConfigFromEnv(), type, node);
    }
  }
  Object.defineProperty(JsonLdField, "name", { value: `${type}JsonLdField` });
  return JsonLdField;
}

@Resolver(() => NODE_TYPES.get("treatment")!)
class TreatmentEmbedField {
  @FieldResolver(() => TreatmentEmbed, { description: "The treatment as partners embed it." })
  embed(@Root() node: NodeRow, @Ctx() ctx: RequestContext) {
    return treatmentEmbed(ctx, partnerConfigFromEnv(), node);
  }
}

export const partnerResolvers: Function[] = [...JSON_LD_TYPES.map(jsonLdField), TreatmentEmbedField];

import { listQuery } from "../content/content.resolver";
import { where } from "../content/content.service";
import { AdviceConnection, AdviceFilter } from "./advice.type";
import { contentMutations } from "../editorial/content-mutations";
import { AdviceInput } from "./advice.input";

export const AdviceQuery = listQuery<AdviceFilter>({
  type: "advice",
  name: "advice",
  description: "Published prevention tips and self-care steps, ordered by text.",
  connection: AdviceConnection,
  filter: AdviceFilter,
  where: (f) => [
    ...(f.kind ? [where.equals("kind", f.kind)] : []),
    ...(f.condition ? [where.linkedTo("conditionAdvice", "in", f.condition)] : []),
  ],
});

export const AdviceMutations = contentMutations({ type: "advice", name: "Advice", input: AdviceInput });

import { listQuery } from "../content/content.resolver";
import { where } from "../content/content.service";
import { RedFlagConnection, RedFlagFilter } from "./red-flag.type";
import { contentMutations } from "../editorial/content-mutations";
import { RedFlagInput } from "./red-flag.input";

export const RedFlagsQuery = listQuery<RedFlagFilter>({
  type: "redFlag",
  name: "redFlags",
  description: "Published red flags (when to seek help), ordered by text.",
  connection: RedFlagConnection,
  filter: RedFlagFilter,
  where: (f) => [
    ...(f.urgency ? [where.equals("urgency", f.urgency)] : []),
    ...(f.condition ? [where.linkedTo("conditionRedFlag", "in", f.condition)] : []),
  ],
});

export const RedFlagMutations = contentMutations({ type: "redFlag", name: "RedFlag", input: RedFlagInput });

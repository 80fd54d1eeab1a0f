import { ContentModel1764086400000 } from "./1764086400000-ContentModel";
import { Editorial1764172800000 } from "./1764172800000-Editorial";
import { SigningKeyOwnerOnly1764270000000 } from "./1764270000000-SigningKeyOwnerOnly";
import { Accounts1764273600000 } from "./1764273600000-Accounts";
import { LiveWithoutAuthorship1764277200000 } from "./1764277200000-LiveWithoutAuthorship";

/** Every migration, oldest first. Listed explicitly so compiled and ts-jest runs load the same set. */
export const MIGRATIONS = [ContentModel1764086400000, Editorial1764172800000, SigningKeyOwnerOnly1764270000000, Accounts1764273600000, LiveWithoutAuthorship1764277200000];

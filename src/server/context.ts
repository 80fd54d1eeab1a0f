import { DataSource } from "typeorm";
import { ContentLoaders } from "../content/content.loaders";
import { ContentService } from "../content/content.service";

/** What every resolver gets: built once per request, so loaders never share a cache. */
export interface RequestContext {
  defaultLocale: string;
  content: ContentService;
  loaders: ContentLoaders;
}

export function createContext(delivery: DataSource, content: ContentService, defaultLocale: string): RequestContext {
  return { defaultLocale, content, loaders: new ContentLoaders(content.run, content.sql) };
}

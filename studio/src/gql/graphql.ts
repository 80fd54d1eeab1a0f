/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type ChangeKind =
  | 'ADDED'
  | 'CHANGED'
  | 'REMOVED';

export type ContentStatus =
  | 'APPROVED'
  | 'ARCHIVED'
  | 'DRAFT'
  | 'IN_REVIEW'
  | 'PUBLISHED';

export type ContentType =
  | 'ADVICE'
  | 'CASE_EXAMPLE'
  | 'CONDITION'
  | 'DIAGNOSTIC_METHOD'
  | 'RED_FLAG'
  | 'RISK_FACTOR'
  | 'SYMPTOM'
  | 'TOPIC'
  | 'TREATMENT';

/** Which drafts a work list holds; every condition given must hold. */
export type EditorialItemFilter = {
  /** In review and waiting for my sign-off: items whose latest content change is mine are left out (four eyes). */
  awaitingMyReview?: boolean | null | undefined;
  /** Created by the user with this email. */
  createdBy?: string | null | undefined;
  /** Whether a published copy is live. */
  live?: boolean | null | undefined;
  /** Created by me. */
  mine?: boolean | null | undefined;
  /** The name (title, text) in any locale contains this, case-insensitively. */
  nameContains?: string | null | undefined;
  /** The next clinical review is due before this time. */
  reviewDueBefore?: string | null | undefined;
  /** Workflow statuses to list; any when left out. */
  statuses?: Array<ContentStatus> | null | undefined;
  /** Content types to list; all when left out. */
  types?: Array<ContentType> | null | undefined;
  /** Last changed by the user with this email. */
  updatedBy?: string | null | undefined;
};

export type EditorialItemOrder =
  /** Latest publication first; never published last. */
  | 'PUBLISHED_DESC'
  /** Soonest review due first; items without a due date last. */
  | 'REVIEW_DUE_ASC'
  /** Latest change first. */
  | 'UPDATED_DESC';

export type ItemVersionInput = {
  id: string | number;
  type: ContentType;
  version: number;
};

export type NewUserInput = {
  displayName: string;
  email: string;
  /** At least 10 characters. */
  password: string;
  role: UserRole;
};

export type RedFlagUrgency =
  | 'EMERGENCY'
  | 'NON_URGENT'
  | 'URGENT';

/** Whether a clinical sign-off is on record and still current. */
export type ReviewStatus =
  /** No clinical sign-off on record (e.g. imported content awaiting review). */
  | 'NOT_REVIEWED'
  /** Signed off by a clinical reviewer, and the next review is not yet due. */
  | 'REVIEWED'
  /** Signed off once, but the next review date has passed. */
  | 'REVIEW_DUE';

/** Where a treatment stands for one condition: tried first, next, or by a specialist. */
export type TreatmentLine =
  | 'ADVANCED'
  | 'FIRST_LINE'
  | 'SPECIALIST';

/** EDITOR writes content, REVIEWER signs it off, ADMIN does both and manages users. */
export type UserRole =
  | 'ADMIN'
  | 'EDITOR'
  | 'REVIEWER';

export type StudioContentModelQueryVariables = Exact<{ [key: string]: never; }>;


export type StudioContentModelQuery = { contentModel: Array<{ key: string, name: string, label: string, help: string | null, sortField: string, listQuery: string, itemQuery: string, fields: Array<{ name: string, kind: string, localized: boolean, required: boolean, label: string, help: string | null, maxLength: number | null, maxItems: number | null, enumValues: Array<string> | null }>, links: Array<{ kind: string, field: string, singular: string, target: string, label: string, help: string | null, attributes: Array<{ name: string, label: string, help: string | null, values: Array<string>, default: string }> }> }> };

export type StudioItemQueryVariables = Exact<{
  type: ContentType;
  id: string | number;
  locale?: string | null | undefined;
}>;


export type StudioItemQuery = { editorialItem: { id: string, type: ContentType, status: ContentStatus, version: number, title: string, slug: string, locale: string, live: boolean, liveVersion: number | null, createdBy: string | null, updatedBy: string | null, updatedAt: string, publishedAt: string | null, reviewedBy: string | null, lastReviewedAt: string | null, nextReviewDueAt: string | null, reviewStatus: ReviewStatus, content: Record<string, unknown>, links: Record<string, unknown>, translations: Array<{ locale: string, slug: string, title: string }> } | null };

export type StudioWorkListQueryVariables = Exact<{
  filter?: EditorialItemFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  orderBy?: EditorialItemOrder | null | undefined;
}>;


export type StudioWorkListQuery = { editorialItems: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, type: ContentType, status: ContentStatus, version: number, title: string, live: boolean, createdBy: string | null, updatedBy: string | null, updatedAt: string, publishedAt: string | null, nextReviewDueAt: string | null } }> } };

export type StudioUsersQueryVariables = Exact<{ [key: string]: never; }>;


export type StudioUsersQuery = { users: Array<{ id: string, email: string, displayName: string, role: UserRole, disabled: boolean, createdAt: string }> };

export type StudioCreateUserMutationVariables = Exact<{
  input: NewUserInput;
}>;


export type StudioCreateUserMutation = { createUser: { id: string } };

export type StudioChangeRoleMutationVariables = Exact<{
  id: string | number;
  role: UserRole;
}>;


export type StudioChangeRoleMutation = { changeUserRole: { id: string, role: UserRole } };

export type StudioDisableUserMutationVariables = Exact<{
  id: string | number;
}>;


export type StudioDisableUserMutation = { disableUser: { id: string } };

export type StudioEnableUserMutationVariables = Exact<{
  id: string | number;
}>;


export type StudioEnableUserMutation = { enableUser: { id: string } };

export type StudioAuditQueryVariables = Exact<{
  first?: number | null | undefined;
  before?: string | number | null | undefined;
  contentId?: string | number | null | undefined;
}>;


export type StudioAuditQuery = { auditLog: Array<{ id: string, at: string, action: string, actorEmail: string | null, type: ContentType | null, contentId: string | null, versionBefore: number | null, versionAfter: number | null, detail: Record<string, unknown> }> };

export type StudioRevokeSessionsMutationVariables = Exact<{
  id: string | number;
}>;


export type StudioRevokeSessionsMutation = { revokeSessions: { id: string } };

export type StudioPublishReleaseMutationVariables = Exact<{
  items: Array<ItemVersionInput> | ItemVersionInput;
}>;


export type StudioPublishReleaseMutation = { publishRelease: Array<{ id: string, status: ContentStatus, version: number }> };

export type StudioDashboardQueryVariables = Exact<{
  review: EditorialItemFilter;
  dueBefore: string;
}>;


export type StudioDashboardQuery = { mine: { totalCount: number, edges: Array<{ node: { id: string, type: ContentType, status: ContentStatus, version: number, title: string, live: boolean, createdBy: string | null, updatedBy: string | null, updatedAt: string, publishedAt: string | null, nextReviewDueAt: string | null } }> }, inReview: { totalCount: number, edges: Array<{ node: { id: string, type: ContentType, status: ContentStatus, version: number, title: string, live: boolean, createdBy: string | null, updatedBy: string | null, updatedAt: string, publishedAt: string | null, nextReviewDueAt: string | null } }> }, approved: { totalCount: number, edges: Array<{ node: { id: string, type: ContentType, status: ContentStatus, version: number, title: string, live: boolean, createdBy: string | null, updatedBy: string | null, updatedAt: string, publishedAt: string | null, nextReviewDueAt: string | null } }> }, due: { totalCount: number, edges: Array<{ node: { id: string, type: ContentType, status: ContentStatus, version: number, title: string, live: boolean, createdBy: string | null, updatedBy: string | null, updatedAt: string, publishedAt: string | null, nextReviewDueAt: string | null } }> }, published: { totalCount: number, edges: Array<{ node: { id: string, type: ContentType, status: ContentStatus, version: number, title: string, live: boolean, createdBy: string | null, updatedBy: string | null, updatedAt: string, publishedAt: string | null, nextReviewDueAt: string | null } }> } };

export type StudioRevisionsQueryVariables = Exact<{
  id: string | number;
}>;


export type StudioRevisionsQuery = { revisions: Array<{ id: string, version: number, action: string, authorEmail: string | null, createdAt: string }> };

export type StudioDiffQueryVariables = Exact<{
  from: string | number;
  to: string | number;
}>;


export type StudioDiffQuery = { revisionDiff: { fields: Array<{ path: string, kind: ChangeKind, before: unknown, after: unknown }>, links: Array<{ path: string, kind: ChangeKind, before: unknown, after: unknown }> } };

export type StudioRestoreMutationVariables = Exact<{
  revisionId: string | number;
  version: number;
}>;


export type StudioRestoreMutation = { restoreRevision: { id: string, version: number, status: ContentStatus } };

export type StudioConditionPageQueryVariables = Exact<{
  slug: string;
  locale?: string | null | undefined;
}>;


export type StudioConditionPageQuery = { condition: { name: string, locale: string, summary: string | null, bodyHtml: string | null, alternateNames: Array<string>, causes: Array<string>, reviewStatus: ReviewStatus, lastReviewedAt: string | null, nextReviewDueAt: string | null, codes: Array<{ system: string, code: string }>, symptomLinks: Array<{ note: string | null, symptom: { name: string } }>, riskFactors: Array<{ name: string }>, treatmentLinks: Array<{ line: TreatmentLine, note: string | null, treatment: { name: string } }>, redFlags: Array<{ text: string, urgency: RedFlagUrgency }>, selfCare: Array<{ text: string }> } | null };

export type StudioScheduleMutationVariables = Exact<{
  type: ContentType;
  id: string | number;
  at: string;
  publish: boolean;
}>;


export type StudioScheduleMutation = { publish?: { jobId: string, action: string, at: string }, unpublish?: { jobId: string, action: string, at: string } };

export type StudioLoginMutationVariables = Exact<{
  email: string;
  password: string;
}>;


export type StudioLoginMutation = { login: { token: string, expiresAt: string, user: { id: string, email: string, displayName: string, role: UserRole } } };

export type StudioChangePasswordMutationVariables = Exact<{
  currentPassword: string;
  newPassword: string;
}>;


export type StudioChangePasswordMutation = { changePassword: { token: string, expiresAt: string, user: { id: string, email: string, displayName: string, role: UserRole } } };

export type StudioLogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type StudioLogoutMutation = { logout: boolean };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const StudioContentModelDocument = new TypedDocumentString(`
    query StudioContentModel {
  contentModel {
    key
    name
    label
    help
    sortField
    listQuery
    itemQuery
    fields {
      name
      kind
      localized
      required
      label
      help
      maxLength
      maxItems
      enumValues
    }
    links {
      kind
      field
      singular
      target
      label
      help
      attributes {
        name
        label
        help
        values
        default
      }
    }
  }
}
    `) as unknown as TypedDocumentString<StudioContentModelQuery, StudioContentModelQueryVariables>;
export const StudioItemDocument = new TypedDocumentString(`
    query StudioItem($type: ContentType!, $id: ID!, $locale: String) {
  editorialItem(type: $type, id: $id, locale: $locale) {
    id
    type
    status
    version
    title
    slug
    locale
    live
    liveVersion
    createdBy
    updatedBy
    updatedAt
    publishedAt
    reviewedBy
    lastReviewedAt
    nextReviewDueAt
    reviewStatus
    content
    links
    translations {
      locale
      slug
      title
    }
  }
}
    `) as unknown as TypedDocumentString<StudioItemQuery, StudioItemQueryVariables>;
export const StudioWorkListDocument = new TypedDocumentString(`
    query StudioWorkList($filter: EditorialItemFilter, $first: Int, $after: String, $orderBy: EditorialItemOrder) {
  editorialItems(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        type
        status
        version
        title
        live
        createdBy
        updatedBy
        updatedAt
        publishedAt
        nextReviewDueAt
      }
    }
  }
}
    `) as unknown as TypedDocumentString<StudioWorkListQuery, StudioWorkListQueryVariables>;
export const StudioUsersDocument = new TypedDocumentString(`
    query StudioUsers {
  users {
    id
    email
    displayName
    role
    disabled
    createdAt
  }
}
    `) as unknown as TypedDocumentString<StudioUsersQuery, StudioUsersQueryVariables>;
export const StudioCreateUserDocument = new TypedDocumentString(`
    mutation StudioCreateUser($input: NewUserInput!) {
  createUser(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<StudioCreateUserMutation, StudioCreateUserMutationVariables>;
export const StudioChangeRoleDocument = new TypedDocumentString(`
    mutation StudioChangeRole($id: ID!, $role: UserRole!) {
  changeUserRole(id: $id, role: $role) {
    id
    role
  }
}
    `) as unknown as TypedDocumentString<StudioChangeRoleMutation, StudioChangeRoleMutationVariables>;
export const StudioDisableUserDocument = new TypedDocumentString(`
    mutation StudioDisableUser($id: ID!) {
  disableUser(id: $id) {
    id
  }
}
    `) as unknown as TypedDocumentString<StudioDisableUserMutation, StudioDisableUserMutationVariables>;
export const StudioEnableUserDocument = new TypedDocumentString(`
    mutation StudioEnableUser($id: ID!) {
  enableUser(id: $id) {
    id
  }
}
    `) as unknown as TypedDocumentString<StudioEnableUserMutation, StudioEnableUserMutationVariables>;
export const StudioAuditDocument = new TypedDocumentString(`
    query StudioAudit($first: Int, $before: ID, $contentId: ID) {
  auditLog(first: $first, before: $before, contentId: $contentId) {
    id
    at
    action
    actorEmail
    type
    contentId
    versionBefore
    versionAfter
    detail
  }
}
    `) as unknown as TypedDocumentString<StudioAuditQuery, StudioAuditQueryVariables>;
export const StudioRevokeSessionsDocument = new TypedDocumentString(`
    mutation StudioRevokeSessions($id: ID!) {
  revokeSessions(id: $id) {
    id
  }
}
    `) as unknown as TypedDocumentString<StudioRevokeSessionsMutation, StudioRevokeSessionsMutationVariables>;
export const StudioPublishReleaseDocument = new TypedDocumentString(`
    mutation StudioPublishRelease($items: [ItemVersionInput!]!) {
  publishRelease(items: $items) {
    id
    status
    version
  }
}
    `) as unknown as TypedDocumentString<StudioPublishReleaseMutation, StudioPublishReleaseMutationVariables>;
export const StudioDashboardDocument = new TypedDocumentString(`
    query StudioDashboard($review: EditorialItemFilter!, $dueBefore: DateTimeISO!) {
  mine: editorialItems(filter: {mine: true, statuses: [DRAFT]}, first: 20) {
    totalCount
    edges {
      node {
        id
        type
        status
        version
        title
        live
        createdBy
        updatedBy
        updatedAt
        publishedAt
        nextReviewDueAt
      }
    }
  }
  inReview: editorialItems(filter: $review, first: 20) {
    totalCount
    edges {
      node {
        id
        type
        status
        version
        title
        live
        createdBy
        updatedBy
        updatedAt
        publishedAt
        nextReviewDueAt
      }
    }
  }
  approved: editorialItems(filter: {statuses: [APPROVED]}, first: 100) {
    totalCount
    edges {
      node {
        id
        type
        status
        version
        title
        live
        createdBy
        updatedBy
        updatedAt
        publishedAt
        nextReviewDueAt
      }
    }
  }
  due: editorialItems(
    filter: {reviewDueBefore: $dueBefore, statuses: [DRAFT, IN_REVIEW, APPROVED, PUBLISHED]}
    orderBy: REVIEW_DUE_ASC
    first: 20
  ) {
    totalCount
    edges {
      node {
        id
        type
        status
        version
        title
        live
        createdBy
        updatedBy
        updatedAt
        publishedAt
        nextReviewDueAt
      }
    }
  }
  published: editorialItems(
    filter: {live: true}
    orderBy: PUBLISHED_DESC
    first: 10
  ) {
    totalCount
    edges {
      node {
        id
        type
        status
        version
        title
        live
        createdBy
        updatedBy
        updatedAt
        publishedAt
        nextReviewDueAt
      }
    }
  }
}
    `) as unknown as TypedDocumentString<StudioDashboardQuery, StudioDashboardQueryVariables>;
export const StudioRevisionsDocument = new TypedDocumentString(`
    query StudioRevisions($id: ID!) {
  revisions(id: $id) {
    id
    version
    action
    authorEmail
    createdAt
  }
}
    `) as unknown as TypedDocumentString<StudioRevisionsQuery, StudioRevisionsQueryVariables>;
export const StudioDiffDocument = new TypedDocumentString(`
    query StudioDiff($from: ID!, $to: ID!) {
  revisionDiff(from: $from, to: $to) {
    fields {
      path
      kind
      before
      after
    }
    links {
      path
      kind
      before
      after
    }
  }
}
    `) as unknown as TypedDocumentString<StudioDiffQuery, StudioDiffQueryVariables>;
export const StudioRestoreDocument = new TypedDocumentString(`
    mutation StudioRestore($revisionId: ID!, $version: Int!) {
  restoreRevision(revisionId: $revisionId, version: $version) {
    id
    version
    status
  }
}
    `) as unknown as TypedDocumentString<StudioRestoreMutation, StudioRestoreMutationVariables>;
export const StudioConditionPageDocument = new TypedDocumentString(`
    query StudioConditionPage($slug: String!, $locale: String) {
  condition(slug: $slug, locale: $locale) {
    name
    locale
    summary
    bodyHtml
    alternateNames
    causes
    reviewStatus
    lastReviewedAt
    nextReviewDueAt
    codes {
      system
      code
    }
    symptomLinks {
      note
      symptom {
        name
      }
    }
    riskFactors {
      name
    }
    treatmentLinks {
      line
      note
      treatment {
        name
      }
    }
    redFlags {
      text
      urgency
    }
    selfCare {
      text
    }
  }
}
    `) as unknown as TypedDocumentString<StudioConditionPageQuery, StudioConditionPageQueryVariables>;
export const StudioScheduleDocument = new TypedDocumentString(`
    mutation StudioSchedule($type: ContentType!, $id: ID!, $at: DateTimeISO!, $publish: Boolean!) {
  publish: schedulePublish(type: $type, id: $id, at: $at) @include(if: $publish) {
    jobId
    action
    at
  }
  unpublish: scheduleUnpublish(type: $type, id: $id, at: $at) @skip(if: $publish) {
    jobId
    action
    at
  }
}
    `) as unknown as TypedDocumentString<StudioScheduleMutation, StudioScheduleMutationVariables>;
export const StudioLoginDocument = new TypedDocumentString(`
    mutation StudioLogin($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    token
    expiresAt
    user {
      id
      email
      displayName
      role
    }
  }
}
    `) as unknown as TypedDocumentString<StudioLoginMutation, StudioLoginMutationVariables>;
export const StudioChangePasswordDocument = new TypedDocumentString(`
    mutation StudioChangePassword($currentPassword: String!, $newPassword: String!) {
  changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {
    token
    expiresAt
    user {
      id
      email
      displayName
      role
    }
  }
}
    `) as unknown as TypedDocumentString<StudioChangePasswordMutation, StudioChangePasswordMutationVariables>;
export const StudioLogoutDocument = new TypedDocumentString(`
    mutation StudioLogout {
  logout
}
    `) as unknown as TypedDocumentString<StudioLogoutMutation, StudioLogoutMutationVariables>;
/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query StudioContentModel {\n    contentModel {\n      key\n      name\n      label\n      help\n      sortField\n      listQuery\n      itemQuery\n      fields {\n        name\n        kind\n        localized\n        required\n        label\n        help\n        maxLength\n        maxItems\n        enumValues\n      }\n      links {\n        kind\n        field\n        singular\n        target\n        label\n        help\n        attributes {\n          name\n          label\n          help\n          values\n          default\n        }\n      }\n    }\n  }\n": typeof types.StudioContentModelDocument,
    "\n  query StudioItem($type: ContentType!, $id: ID!, $locale: String) {\n    editorialItem(type: $type, id: $id, locale: $locale) {\n      id\n      type\n      status\n      version\n      title\n      slug\n      locale\n      live\n      liveVersion\n      createdBy\n      updatedBy\n      updatedAt\n      publishedAt\n      reviewedBy\n      lastReviewedAt\n      nextReviewDueAt\n      reviewStatus\n      content\n      links\n      translations {\n        locale\n        slug\n        title\n      }\n    }\n  }\n": typeof types.StudioItemDocument,
    "\n  query StudioWorkList($filter: EditorialItemFilter, $first: Int, $after: String, $orderBy: EditorialItemOrder) {\n    editorialItems(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          type\n          status\n          version\n          title\n          live\n          createdBy\n          updatedBy\n          updatedAt\n          publishedAt\n          nextReviewDueAt\n        }\n      }\n    }\n  }\n": typeof types.StudioWorkListDocument,
    "\n  query StudioUsers {\n    users {\n      id\n      email\n      displayName\n      role\n      disabled\n      createdAt\n    }\n  }\n": typeof types.StudioUsersDocument,
    "\n  mutation StudioCreateUser($input: NewUserInput!) {\n    createUser(input: $input) {\n      id\n    }\n  }\n": typeof types.StudioCreateUserDocument,
    "\n  mutation StudioChangeRole($id: ID!, $role: UserRole!) {\n    changeUserRole(id: $id, role: $role) {\n      id\n      role\n    }\n  }\n": typeof types.StudioChangeRoleDocument,
    "\n  mutation StudioDisableUser($id: ID!) {\n    disableUser(id: $id) {\n      id\n    }\n  }\n": typeof types.StudioDisableUserDocument,
    "\n  mutation StudioEnableUser($id: ID!) {\n    enableUser(id: $id) {\n      id\n    }\n  }\n": typeof types.StudioEnableUserDocument,
    "\n  query StudioAudit($first: Int, $before: ID, $contentId: ID) {\n    auditLog(first: $first, before: $before, contentId: $contentId) {\n      id\n      at\n      action\n      actorEmail\n      type\n      contentId\n      versionBefore\n      versionAfter\n      detail\n    }\n  }\n": typeof types.StudioAuditDocument,
    "\n  mutation StudioRevokeSessions($id: ID!) {\n    revokeSessions(id: $id) {\n      id\n    }\n  }\n": typeof types.StudioRevokeSessionsDocument,
    "\n  mutation StudioPublishRelease($items: [ItemVersionInput!]!) {\n    publishRelease(items: $items) {\n      id\n      status\n      version\n    }\n  }\n": typeof types.StudioPublishReleaseDocument,
    "\n  query StudioDashboard($review: EditorialItemFilter!, $dueBefore: DateTimeISO!) {\n    mine: editorialItems(filter: { mine: true, statuses: [DRAFT] }, first: 20) {\n      totalCount\n      edges {\n        node {\n          id\n          type\n          status\n          version\n          title\n          live\n          createdBy\n          updatedBy\n          updatedAt\n          publishedAt\n          nextReviewDueAt\n        }\n      }\n    }\n    inReview: editorialItems(filter: $review, first: 20) {\n      totalCount\n      edges {\n        node {\n          id\n          type\n          status\n          version\n          title\n          live\n          createdBy\n          updatedBy\n          updatedAt\n          publishedAt\n          nextReviewDueAt\n        }\n      }\n    }\n    approved: editorialItems(filter: { statuses: [APPROVED] }, first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          type\n          status\n          version\n          title\n          live\n          createdBy\n          updatedBy\n          updatedAt\n          publishedAt\n          nextReviewDueAt\n        }\n      }\n    }\n    due: editorialItems(\n      filter: { reviewDueBefore: $dueBefore, statuses: [DRAFT, IN_REVIEW, APPROVED, PUBLISHED] }\n      orderBy: REVIEW_DUE_ASC\n      first: 20\n    ) {\n      totalCount\n      edges {\n        node {\n          id\n          type\n          status\n          version\n          title\n          live\n          createdBy\n          updatedBy\n          updatedAt\n          publishedAt\n          nextReviewDueAt\n        }\n      }\n    }\n    published: editorialItems(filter: { live: true }, orderBy: PUBLISHED_DESC, first: 10) {\n      totalCount\n      edges {\n        node {\n          id\n          type\n          status\n          version\n          title\n          live\n          createdBy\n          updatedBy\n          updatedAt\n          publishedAt\n          nextReviewDueAt\n        }\n      }\n    }\n  }\n": typeof types.StudioDashboardDocument,
    "\n  query StudioRevisions($id: ID!) {\n    revisions(id: $id) {\n      id\n      version\n      action\n      authorEmail\n      createdAt\n    }\n  }\n": typeof types.StudioRevisionsDocument,
    "\n  query StudioDiff($from: ID!, $to: ID!) {\n    revisionDiff(from: $from, to: $to) {\n      fields {\n        path\n        kind\n        before\n        after\n      }\n      links {\n        path\n        kind\n        before\n        after\n      }\n    }\n  }\n": typeof types.StudioDiffDocument,
    "\n  mutation StudioRestore($revisionId: ID!, $version: Int!) {\n    restoreRevision(revisionId: $revisionId, version: $version) {\n      id\n      version\n      status\n    }\n  }\n": typeof types.StudioRestoreDocument,
    "\n  query StudioConditionPage($slug: String!, $locale: String) {\n    condition(slug: $slug, locale: $locale) {\n      name\n      locale\n      summary\n      bodyHtml\n      alternateNames\n      causes\n      reviewStatus\n      lastReviewedAt\n      nextReviewDueAt\n      codes {\n        system\n        code\n      }\n      symptomLinks {\n        note\n        symptom {\n          name\n        }\n      }\n      riskFactors {\n        name\n      }\n      treatmentLinks {\n        line\n        note\n        treatment {\n          name\n        }\n      }\n      redFlags {\n        text\n        urgency\n      }\n      selfCare {\n        text\n      }\n    }\n  }\n": typeof types.StudioConditionPageDocument,
    "\n  mutation StudioSchedule($type: ContentType!, $id: ID!, $at: DateTimeISO!, $publish: Boolean!) {\n    publish: schedulePublish(type: $type, id: $id, at: $at) @include(if: $publish) {\n      jobId\n      action\n      at\n    }\n    unpublish: scheduleUnpublish(type: $type, id: $id, at: $at) @skip(if: $publish) {\n      jobId\n      action\n      at\n    }\n  }\n": typeof types.StudioScheduleDocument,
    "\n  mutation StudioLogin($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      expiresAt\n      user {\n        id\n        email\n        displayName\n        role\n      }\n    }\n  }\n": typeof types.StudioLoginDocument,
    "\n  mutation StudioChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      token\n      expiresAt\n      user {\n        id\n        email\n        displayName\n        role\n      }\n    }\n  }\n": typeof types.StudioChangePasswordDocument,
    "\n  mutation StudioLogout {\n    logout\n  }\n": typeof types.StudioLogoutDocument,
};
const documents: Documents = {
    "\n  query StudioContentModel {\n    contentModel {\n      key\n      name\n      label\n      help\n      sortField\n      listQuery\n      itemQuery\n      fields {\n        name\n        kind\n        localized\n        required\n        label\n        help\n        maxLength\n        maxItems\n        enumValues\n      }\n      links {\n        kind\n        field\n        singular\n        target\n        label\n        help\n        attributes {\n          name\n          label\n          help\n          values\n          default\n        }\n      }\n    }\n  }\n": types.StudioContentModelDocument,
    "\n  query StudioItem($type: ContentType!, $id: ID!, $locale: String) {\n    editorialItem(type: $type, id: $id, locale: $locale) {\n      id\n      type\n      status\n      version\n      title\n      slug\n      locale\n      live\n      liveVersion\n      createdBy\n      updatedBy\n      updatedAt\n      publishedAt\n      reviewedBy\n      lastReviewedAt\n      nextReviewDueAt\n      reviewStatus\n      content\n      links\n      translations {\n        locale\n        slug\n        title\n      }\n    }\n  }\n": types.StudioItemDocument,
    "\n  query StudioWorkList($filter: EditorialItemFilter, $first: Int, $after: String, $orderBy: EditorialItemOrder) {\n    editorialItems(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          type\n          status\n          version\n          title\n          live\n          createdBy\n          updatedBy\n          updatedAt\n          publishedAt\n          nextReviewDueAt\n        }\n      }\n    }\n  }\n": types.StudioWorkListDocument,
    "\n  query StudioUsers {\n    users {\n      id\n      email\n      displayName\n      role\n      disabled\n      createdAt\n    }\n  }\n": types.StudioUsersDocument,
    "\n  mutation StudioCreateUser($input: NewUserInput!) {\n    createUser(input: $input) {\n      id\n    }\n  }\n": types.StudioCreateUserDocument,
    "\n  mutation StudioChangeRole($id: ID!, $role: UserRole!) {\n    changeUserRole(id: $id, role: $role) {\n      id\n      role\n    }\n  }\n": types.StudioChangeRoleDocument,
    "\n  mutation StudioDisableUser($id: ID!) {\n    disableUser(id: $id) {\n      id\n    }\n  }\n": types.StudioDisableUserDocument,
    "\n  mutation StudioEnableUser($id: ID!) {\n    enableUser(id: $id) {\n      id\n    }\n  }\n": types.StudioEnableUserDocument,
    "\n  query StudioAudit($first: Int, $before: ID, $contentId: ID) {\n    auditLog(first: $first, before: $before, contentId: $contentId) {\n      id\n      at\n      action\n      actorEmail\n      type\n      contentId\n      versionBefore\n      versionAfter\n      detail\n    }\n  }\n": types.StudioAuditDocument,
    "\n  mutation StudioRevokeSessions($id: ID!) {\n    revokeSessions(id: $id) {\n      id\n    }\n  }\n": types.StudioRevokeSessionsDocument,
    "\n  mutation StudioPublishRelease($items: [ItemVersionInput!]!) {\n    publishRelease(items: $items) {\n      id\n      status\n      version\n    }\n  }\n": types.StudioPublishReleaseDocument,
    "\n  query StudioDashboard($review: EditorialItemFilter!, $dueBefore: DateTimeISO!) {\n    mine: editorialItems(filter: { mine: true, statuses: [DRAFT] }, first: 20) {\n      totalCount\n      edges {\n        node {\n          id\n          type\n          status\n          version\n          title\n          live\n          createdBy\n          updatedBy\n          updatedAt\n          publishedAt\n          nextReviewDueAt\n        }\n      }\n    }\n    inReview: editorialItems(filter: $review, first: 20) {\n      totalCount\n      edges {\n        node {\n          id\n          type\n          status\n          version\n          title\n          live\n          createdBy\n          updatedBy\n          updatedAt\n          publishedAt\n          nextReviewDueAt\n        }\n      }\n    }\n    approved: editorialItems(filter: { statuses: [APPROVED] }, first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          type\n          status\n          version\n          title\n          live\n          createdBy\n          updatedBy\n          updatedAt\n          publishedAt\n          nextReviewDueAt\n        }\n      }\n    }\n    due: editorialItems(\n      filter: { reviewDueBefore: $dueBefore, statuses: [DRAFT, IN_REVIEW, APPROVED, PUBLISHED] }\n      orderBy: REVIEW_DUE_ASC\n      first: 20\n    ) {\n      totalCount\n      edges {\n        node {\n          id\n          type\n          status\n          version\n          title\n          live\n          createdBy\n          updatedBy\n          updatedAt\n          publishedAt\n          nextReviewDueAt\n        }\n      }\n    }\n    published: editorialItems(filter: { live: true }, orderBy: PUBLISHED_DESC, first: 10) {\n      totalCount\n      edges {\n        node {\n          id\n          type\n          status\n          version\n          title\n          live\n          createdBy\n          updatedBy\n          updatedAt\n          publishedAt\n          nextReviewDueAt\n        }\n      }\n    }\n  }\n": types.StudioDashboardDocument,
    "\n  query StudioRevisions($id: ID!) {\n    revisions(id: $id) {\n      id\n      version\n      action\n      authorEmail\n      createdAt\n    }\n  }\n": types.StudioRevisionsDocument,
    "\n  query StudioDiff($from: ID!, $to: ID!) {\n    revisionDiff(from: $from, to: $to) {\n      fields {\n        path\n        kind\n        before\n        after\n      }\n      links {\n        path\n        kind\n        before\n        after\n      }\n    }\n  }\n": types.StudioDiffDocument,
    "\n  mutation StudioRestore($revisionId: ID!, $version: Int!) {\n    restoreRevision(revisionId: $revisionId, version: $version) {\n      id\n      version\n      status\n    }\n  }\n": types.StudioRestoreDocument,
    "\n  query StudioConditionPage($slug: String!, $locale: String) {\n    condition(slug: $slug, locale: $locale) {\n      name\n      locale\n      summary\n      bodyHtml\n      alternateNames\n      causes\n      reviewStatus\n      lastReviewedAt\n      nextReviewDueAt\n      codes {\n        system\n        code\n      }\n      symptomLinks {\n        note\n        symptom {\n          name\n        }\n      }\n      riskFactors {\n        name\n      }\n      treatmentLinks {\n        line\n        note\n        treatment {\n          name\n        }\n      }\n      redFlags {\n        text\n        urgency\n      }\n      selfCare {\n        text\n      }\n    }\n  }\n": types.StudioConditionPageDocument,
    "\n  mutation StudioSchedule($type: ContentType!, $id: ID!, $at: DateTimeISO!, $publish: Boolean!) {\n    publish: schedulePublish(type: $type, id: $id, at: $at) @include(if: $publish) {\n      jobId\n      action\n      at\n    }\n    unpublish: scheduleUnpublish(type: $type, id: $id, at: $at) @skip(if: $publish) {\n      jobId\n      action\n      at\n    }\n  }\n": types.StudioScheduleDocument,
    "\n  mutation StudioLogin($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      expiresAt\n      user {\n        id\n        email\n        displayName\n        role\n      }\n    }\n  }\n": types.StudioLoginDocument,
    "\n  mutation StudioChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      token\n      expiresAt\n      user {\n        id\n        email\n        displayName\n        role\n      }\n    }\n  }\n": types.StudioChangePasswordDocument,
    "\n  mutation StudioLogout {\n    logout\n  }\n": types.StudioLogoutDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StudioContentModel {\n    contentModel {\n      key\n      name\n      label\n      help\n      sortField\n      listQuery\n      itemQuery\n      fields {\n        name\n        kind\n        localized\n        required\n        label\n        help\n        maxLength\n        maxItems\n        enumValues\n      }\n      links {\n        kind\n        field\n        singular\n        target\n        label\n        help\n        attributes {\n          name\n          label\n          help\n          values\n          default\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').StudioContentModelDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StudioItem($type: ContentType!, $id: ID!, $locale: String) {\n    editorialItem(type: $type, id: $id, locale: $locale) {\n      id\n      type\n      status\n      version\n      title\n      slug\n      locale\n      live\n      liveVersion\n      createdBy\n      updatedBy\n      updatedAt\n      publishedAt\n      reviewedBy\n      lastReviewedAt\n      nextReviewDueAt\n      reviewStatus\n      content\n      links\n      translations {\n        locale\n        slug\n        title\n      }\n    }\n  }\n"): typeof import('./graphql').StudioItemDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StudioWorkList($filter: EditorialItemFilter, $first: Int, $after: String, $orderBy: EditorialItemOrder) {\n    editorialItems(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          type\n          status\n          version\n          title\n          live\n          createdBy\n          updatedBy\n          updatedAt\n          publishedAt\n          nextReviewDueAt\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').StudioWorkListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StudioUsers {\n    users {\n      id\n      email\n      displayName\n      role\n      disabled\n      createdAt\n    }\n  }\n"): typeof import('./graphql').StudioUsersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StudioCreateUser($input: NewUserInput!) {\n    createUser(input: $input) {\n      id\n    }\n  }\n"): typeof import('./graphql').StudioCreateUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StudioChangeRole($id: ID!, $role: UserRole!) {\n    changeUserRole(id: $id, role: $role) {\n      id\n      role\n    }\n  }\n"): typeof import('./graphql').StudioChangeRoleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StudioDisableUser($id: ID!) {\n    disableUser(id: $id) {\n      id\n    }\n  }\n"): typeof import('./graphql').StudioDisableUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StudioEnableUser($id: ID!) {\n    enableUser(id: $id) {\n      id\n    }\n  }\n"): typeof import('./graphql').StudioEnableUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StudioAudit($first: Int, $before: ID, $contentId: ID) {\n    auditLog(first: $first, before: $before, contentId: $contentId) {\n      id\n      at\n      action\n      actorEmail\n      type\n      contentId\n      versionBefore\n      versionAfter\n      detail\n    }\n  }\n"): typeof import('./graphql').StudioAuditDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StudioRevokeSessions($id: ID!) {\n    revokeSessions(id: $id) {\n      id\n    }\n  }\n"): typeof import('./graphql').StudioRevokeSessionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StudioPublishRelease($items: [ItemVersionInput!]!) {\n    publishRelease(items: $items) {\n      id\n      status\n      version\n    }\n  }\n"): typeof import('./graphql').StudioPublishReleaseDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StudioDashboard($review: EditorialItemFilter!, $dueBefore: DateTimeISO!) {\n    mine: editorialItems(filter: { mine: true, statuses: [DRAFT] }, first: 20) {\n      totalCount\n      edges {\n        node {\n          id\n          type\n          status\n          version\n          title\n          live\n          createdBy\n          updatedBy\n          updatedAt\n          publishedAt\n          nextReviewDueAt\n        }\n      }\n    }\n    inReview: editorialItems(filter: $review, first: 20) {\n      totalCount\n      edges {\n        node {\n          id\n          type\n          status\n          version\n          title\n          live\n          createdBy\n          updatedBy\n          updatedAt\n          publishedAt\n          nextReviewDueAt\n        }\n      }\n    }\n    approved: editorialItems(filter: { statuses: [APPROVED] }, first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          type\n          status\n          version\n          title\n          live\n          createdBy\n          updatedBy\n          updatedAt\n          publishedAt\n          nextReviewDueAt\n        }\n      }\n    }\n    due: editorialItems(\n      filter: { reviewDueBefore: $dueBefore, statuses: [DRAFT, IN_REVIEW, APPROVED, PUBLISHED] }\n      orderBy: REVIEW_DUE_ASC\n      first: 20\n    ) {\n      totalCount\n      edges {\n        node {\n          id\n          type\n          status\n          version\n          title\n          live\n          createdBy\n          updatedBy\n          updatedAt\n          publishedAt\n          nextReviewDueAt\n        }\n      }\n    }\n    published: editorialItems(filter: { live: true }, orderBy: PUBLISHED_DESC, first: 10) {\n      totalCount\n      edges {\n        node {\n          id\n          type\n          status\n          version\n          title\n          live\n          createdBy\n          updatedBy\n          updatedAt\n          publishedAt\n          nextReviewDueAt\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').StudioDashboardDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StudioRevisions($id: ID!) {\n    revisions(id: $id) {\n      id\n      version\n      action\n      authorEmail\n      createdAt\n    }\n  }\n"): typeof import('./graphql').StudioRevisionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StudioDiff($from: ID!, $to: ID!) {\n    revisionDiff(from: $from, to: $to) {\n      fields {\n        path\n        kind\n        before\n        after\n      }\n      links {\n        path\n        kind\n        before\n        after\n      }\n    }\n  }\n"): typeof import('./graphql').StudioDiffDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StudioRestore($revisionId: ID!, $version: Int!) {\n    restoreRevision(revisionId: $revisionId, version: $version) {\n      id\n      version\n      status\n    }\n  }\n"): typeof import('./graphql').StudioRestoreDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StudioConditionPage($slug: String!, $locale: String) {\n    condition(slug: $slug, locale: $locale) {\n      name\n      locale\n      summary\n      bodyHtml\n      alternateNames\n      causes\n      reviewStatus\n      lastReviewedAt\n      nextReviewDueAt\n      codes {\n        system\n        code\n      }\n      symptomLinks {\n        note\n        symptom {\n          name\n        }\n      }\n      riskFactors {\n        name\n      }\n      treatmentLinks {\n        line\n        note\n        treatment {\n          name\n        }\n      }\n      redFlags {\n        text\n        urgency\n      }\n      selfCare {\n        text\n      }\n    }\n  }\n"): typeof import('./graphql').StudioConditionPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StudioSchedule($type: ContentType!, $id: ID!, $at: DateTimeISO!, $publish: Boolean!) {\n    publish: schedulePublish(type: $type, id: $id, at: $at) @include(if: $publish) {\n      jobId\n      action\n      at\n    }\n    unpublish: scheduleUnpublish(type: $type, id: $id, at: $at) @skip(if: $publish) {\n      jobId\n      action\n      at\n    }\n  }\n"): typeof import('./graphql').StudioScheduleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StudioLogin($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      expiresAt\n      user {\n        id\n        email\n        displayName\n        role\n      }\n    }\n  }\n"): typeof import('./graphql').StudioLoginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StudioChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      token\n      expiresAt\n      user {\n        id\n        email\n        displayName\n        role\n      }\n    }\n  }\n"): typeof import('./graphql').StudioChangePasswordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StudioLogout {\n    logout\n  }\n"): typeof import('./graphql').StudioLogoutDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

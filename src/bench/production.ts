/**
 * The benches measure the server as it runs in production: NODE_ENV=production (unless the
 * environment says otherwise) before graphql-js and Apollo load, so graphql-js skips its
 * development-time checks. The PostGraphile peer, started from the bench, inherits it too.
 * Imported first by each bench.
 */
process.env.NODE_ENV ??= "production";

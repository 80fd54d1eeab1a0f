#!/bin/sh
# Run once by the postgres image on an empty data volume: the API's database and its owner,
# who is no superuser. CREATEROLE lets the API make the logins of its pools itself.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -v owner_password="$CMS_OWNER_PASSWORD" <<'SQL'
CREATE ROLE cms_owner LOGIN CREATEROLE PASSWORD :'owner_password';
CREATE DATABASE health_cms OWNER cms_owner;
SQL

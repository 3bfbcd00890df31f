import KaiseiCore

/// The PostgreSQL store's schema, as named, numbered migrations (the same names as SQLite's
/// where they mean the same). Released migrations are never edited; each is a list of
/// statements because postgres-nio's extended protocol takes one statement per query.
///
/// The columns and their meaning are the SQLite store's (`Migration.eventStore`), so that an
/// export from either backend is byte-identical and one hash chain covers both.
enum PostgresMigrations {
    static let all: [(version: Int, name: String, statements: [String])] = [
        (1, "create-events", [
            """
            CREATE TABLE events(
              seq            bigint   PRIMARY KEY,   -- position in the log, from 1, no gaps
              event_id       text     NOT NULL,      -- caller's idempotency key
              city           smallint NOT NULL,
              subject        text     NOT NULL,
              stream_version bigint   NOT NULL,      -- 1, 2, … per (city, subject)
              type           integer  NOT NULL,
              valid_date     integer  NOT NULL,      -- valid time, yyyymmdd
              recorded_at    bigint   NOT NULL,      -- recorded time, µs since epoch (UTC)
              schema_version integer  NOT NULL,
              payload        bytea    NOT NULL,      -- compact binary, see Event+Binary.swift
              hash           bytea    NOT NULL       -- SHA-256(previous hash ‖ content)
            )
            """,
            "CREATE UNIQUE INDEX events_by_id ON events(event_id)",
            "CREATE UNIQUE INDEX events_by_stream ON events(city, subject, stream_version)",
            // The second line of append-only (the first is that no application role holds
            // UPDATE, DELETE or TRUNCATE): even the owner's mistakes are refused.
            """
            CREATE FUNCTION kaisei_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, lower(TG_OP)
                USING ERRCODE = 'insufficient_privilege';
            END $$
            """,
            "CREATE TRIGGER events_refuse_update BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION kaisei_refuse_change()",
            "CREATE TRIGGER events_refuse_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION kaisei_refuse_change()",
            """
            CREATE TABLE chain_head(
              id   integer PRIMARY KEY CHECK (id = 1),
              seq  bigint  NOT NULL,
              hash bytea   NOT NULL,
              recorded_at bigint NOT NULL
            )
            """,
            "INSERT INTO chain_head(id, seq, hash, recorded_at) VALUES (1, 0, decode(repeat('00', 32), 'hex'), -9223372036854775808)",
        ]),
        // How far the chain was last verified (rows 1…seq), so a command checks only what came
        // since; and a count of the database's schema changes, PostgreSQL's stand-in for
        // SQLite's `schema_version`: altering a row needs the append-only trigger disabled or
        // dropped first, which is DDL and moves the count, and a checkpoint taken under another
        // count is not trusted. Event triggers need a superuser: a store migrated by another
        // role has no count, and its incremental check walks the whole chain every time.
        (2, "chain-checkpoint", [
            """
            CREATE TABLE chain_checkpoint(
              id   integer PRIMARY KEY CHECK (id = 1),
              seq  bigint  NOT NULL,
              hash bytea   NOT NULL,
              schema_changes bigint NOT NULL      -- schema_changes.n when verified (-1: none)
            )
            """,
            "INSERT INTO chain_checkpoint(id, seq, hash, schema_changes) VALUES (1, 0, decode(repeat('00', 32), 'hex'), -1)",
            "CREATE TABLE schema_changes(id integer PRIMARY KEY CHECK (id = 1), n bigint NOT NULL)",
            "INSERT INTO schema_changes(id, n) VALUES (1, 0)",
            // It runs as its owner (a superuser): its search_path is fixed, pg_catalog first and
            // then the store's own schema by name, so no role can slip in an operator or a table
            // of the same name through its own search_path.
            """
            DO $do$ BEGIN
              EXECUTE format($f$
                CREATE FUNCTION kaisei_count_schema_change() RETURNS event_trigger LANGUAGE plpgsql SECURITY DEFINER
                SET search_path = pg_catalog, %1$I AS $$
                BEGIN
                  UPDATE %1$I.schema_changes SET n = n + 1 WHERE id = 1;
                END $$
              $f$, current_schema());
            END $do$
            """,
            """
            DO $$ BEGIN
              IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
                EXECUTE 'CREATE EVENT TRIGGER kaisei_schema_changes ON ddl_command_end EXECUTE FUNCTION kaisei_count_schema_change()';
              END IF;
            END $$
            """,
        ]),
        // Per-city row-level security, under the service's own isolation: a database role
        // granted `kaisei_city_okazaki` reads Okazaki's rows and nothing of Toyohashi's (and
        // writes nothing), whatever
        // SQL it sends. `kaisei_writer` may read everything and insert events, never change or
        // remove one. The table owner (who migrates and imports) is not bound by the policies,
        // as PostgreSQL's owners are not; the service's roles are never the owner. The roles
        // are cluster-wide: created once, shared by every Kaisei database of the cluster.
        (3, "city-row-security", [
            """
            DO $$
            DECLARE r text;
            BEGIN
              FOREACH r IN ARRAY ARRAY['kaisei_city_okazaki', 'kaisei_city_toyohashi', 'kaisei_writer'] LOOP
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
                  BEGIN
                    EXECUTE format('CREATE ROLE %I NOLOGIN', r);
                  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;  -- another database's migration won
                  END;
                END IF;
              END LOOP;
            END $$
            """,
            "REVOKE ALL ON events, chain_head, chain_checkpoint, schema_changes, schema_migrations FROM PUBLIC",
            "GRANT SELECT ON events, chain_head, chain_checkpoint, schema_changes, schema_migrations TO kaisei_city_okazaki, kaisei_city_toyohashi, kaisei_writer",
            "GRANT INSERT ON events TO kaisei_writer",
            "GRANT UPDATE ON chain_head, chain_checkpoint TO kaisei_writer",
            "ALTER TABLE events ENABLE ROW LEVEL SECURITY",
            "CREATE POLICY events_okazaki ON events FOR SELECT TO kaisei_city_okazaki USING (city = 1)",
            "CREATE POLICY events_toyohashi ON events FOR SELECT TO kaisei_city_toyohashi USING (city = 2)",
            "CREATE POLICY events_writer_read ON events FOR SELECT TO kaisei_writer USING (true)",
            "CREATE POLICY events_writer_insert ON events FOR INSERT TO kaisei_writer WITH CHECK (true)",
        ]),
        // The counter service's audit trail (AccessLog.swift), in its own chain beside the
        // events; append-only like them, and a city's role reads only its own city's records.
        (4, "access-log", [
            """
            CREATE TABLE access_log(
              seq      bigint   PRIMARY KEY,   -- from 1, no gaps
              at       bigint   NOT NULL,      -- µs since epoch (UTC)
              city     smallint NOT NULL,
              staff    text     NOT NULL,
              role     text     NOT NULL,
              purpose  text     NOT NULL,
              route    text     NOT NULL,
              subjects text     NOT NULL,      -- ids separated by spaces
              detail   text     NOT NULL,
              hash     bytea    NOT NULL       -- SHA-256(previous hash ‖ content)
            )
            """,
            "CREATE INDEX access_by_city_at ON access_log(city, at)",
            "CREATE INDEX access_by_subject ON access_log USING gin (string_to_array(subjects, ' '))",
            "CREATE TRIGGER access_refuse_update BEFORE UPDATE OR DELETE ON access_log FOR EACH ROW EXECUTE FUNCTION kaisei_refuse_change()",
            "CREATE TRIGGER access_refuse_truncate BEFORE TRUNCATE ON access_log FOR EACH STATEMENT EXECUTE FUNCTION kaisei_refuse_change()",
            "CREATE TABLE access_head(id integer PRIMARY KEY CHECK (id = 1), seq bigint NOT NULL, hash bytea NOT NULL)",
            "INSERT INTO access_head(id, seq, hash) VALUES (1, 0, decode(repeat('00', 32), 'hex'))",
            "REVOKE ALL ON access_log, access_head FROM PUBLIC",
            // A city's role reads its own city's records and writes none: the chain is shared by
            // both cities, and a role that could insert a row or move the head could break it
            // for the other. Services write the trail as `kaisei_writer`.
            "GRANT SELECT ON access_log, access_head TO kaisei_city_okazaki, kaisei_city_toyohashi, kaisei_writer",
            "GRANT INSERT ON access_log TO kaisei_writer",
            "GRANT UPDATE ON access_head TO kaisei_writer",
            "ALTER TABLE access_log ENABLE ROW LEVEL SECURITY",
            "CREATE POLICY access_okazaki ON access_log FOR SELECT TO kaisei_city_okazaki USING (city = 1)",
            "CREATE POLICY access_toyohashi ON access_log FOR SELECT TO kaisei_city_toyohashi USING (city = 2)",
            "CREATE POLICY access_writer ON access_log TO kaisei_writer USING (true) WITH CHECK (true)",
        ]),
    ]

    static var latest: Int { all.map(\.version).max() ?? 0 }
}

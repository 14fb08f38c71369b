import Foundation


/// The schema, as numbered, append-only migrations. Never edit one that has shipped: add the next.
/// Plain SQL with portable types (TEXT dates in ISO 8601 UTC, INTEGER ids) so that the PostgreSQL
/// implementation can run the same numbered steps.
enum Migrations {
    struct Step: Sendable {
        let name: String
        let sqlite: String
        /// The same step for PostgreSQL: by default the SQLite text with its types rewritten.
        let postgres: String
        init(_ name: String, _ sqlite: String, postgres: String? = nil) {
            self.name = name; self.sqlite = sqlite; self.postgres = postgres ?? Migrations.postgresDDL(sqlite)
        }
    }

    /// SQLite's portable DDL in PostgreSQL's words: row ids become BIGSERIAL, INTEGER BIGINT, BLOB BYTEA,
    /// REAL DOUBLE PRECISION.
    static func postgresDDL(_ sql: String) -> String {
        sql.replacingOccurrences(of: "INTEGER PRIMARY KEY AUTOINCREMENT", with: "BIGSERIAL PRIMARY KEY")
            .replacingOccurrences(of: "id INTEGER PRIMARY KEY", with: "id BIGSERIAL PRIMARY KEY")
            .replacingOccurrences(of: "_id BIGSERIAL PRIMARY KEY", with: "_id BIGINT PRIMARY KEY")
            .replacingOccurrences(of: "INTEGER", with: "BIGINT")
            .replacingOccurrences(of: "BLOB", with: "BYTEA")
            .replacingOccurrences(of: "REAL", with: "DOUBLE PRECISION")
    }

    static let steps: [Step] = [
        Step("001 directory, plans, people, audit", schema001 + auditTriggersSQLite, postgres: postgresDDL(schema001) + auditTriggersPostgres),
        // An uploaded document between its preview and the coordinator's confirmation: kept in the
        // database (not in one process's memory) so that any server instance can confirm it.
        Step("002 pending imports", """
            CREATE TABLE pending_import (
                id INTEGER PRIMARY KEY,
                province_id INTEGER NOT NULL REFERENCES province(id),
                replacing_plan_id INTEGER REFERENCES plan(id),
                user_id INTEGER NOT NULL REFERENCES app_user(id),
                file TEXT NOT NULL,
                bytes BLOB NOT NULL,
                created_at TEXT NOT NULL
            );
            """),
        // Bumped by every write that changes what plan and directory pages show; caches of rendered
        // pages compare it, so that no process serves a stale page after another one wrote.
        Step("003 data version", """
            CREATE TABLE data_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
            INSERT INTO data_version (id, version) VALUES (1, 0);
            """),
        Step("004 reports", """
            CREATE TABLE report (
                id INTEGER PRIMARY KEY,
                plan_id INTEGER NOT NULL REFERENCES plan(id),
                agency_id INTEGER NOT NULL REFERENCES agency(id),
                period TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'accepted', 'returned')),
                difficulties TEXT NOT NULL DEFAULT '',
                proposals TEXT NOT NULL DEFAULT '',
                return_comment TEXT,
                first_submitted_on TEXT,
                updated_at TEXT NOT NULL,
                UNIQUE (plan_id, agency_id, period)
            );
            CREATE TABLE report_task (
                report_id INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
                task_id INTEGER NOT NULL REFERENCES task(id) ON DELETE CASCADE,
                body TEXT NOT NULL,
                PRIMARY KEY (report_id, task_id)
            );
            CREATE TABLE report_indicator (
                report_id INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
                indicator_id INTEGER NOT NULL REFERENCES indicator(id) ON DELETE CASCADE,
                body TEXT NOT NULL,
                PRIMARY KEY (report_id, indicator_id)
            );
            CREATE TABLE report_event (
                id INTEGER PRIMARY KEY,
                report_id INTEGER NOT NULL REFERENCES report(id),
                at TEXT NOT NULL,
                username TEXT NOT NULL,
                action TEXT NOT NULL,
                comment TEXT
            );
            CREATE INDEX report_plan_period ON report(plan_id, period);
            """),
        Step("005 attachments", """
            CREATE TABLE attachment (
                id INTEGER PRIMARY KEY,
                report_id INTEGER NOT NULL REFERENCES report(id),
                task_id INTEGER REFERENCES task(id) ON DELETE SET NULL,
                sha256 TEXT NOT NULL,
                name TEXT NOT NULL,
                media_type TEXT NOT NULL,
                size INTEGER NOT NULL,
                uploaded_at TEXT NOT NULL,
                username TEXT NOT NULL
            );
            CREATE INDEX attachment_report ON attachment(report_id);
            """),
        Step("006 ad-hoc requests", """
            CREATE TABLE adhoc_request (
                id INTEGER PRIMARY KEY,
                plan_id INTEGER NOT NULL REFERENCES plan(id),
                title TEXT NOT NULL,
                due TEXT NOT NULL,
                created_at TEXT NOT NULL,
                created_by TEXT NOT NULL
            );
            CREATE TABLE adhoc_request_agency (
                request_id INTEGER NOT NULL REFERENCES adhoc_request(id),
                agency_id INTEGER NOT NULL REFERENCES agency(id),
                PRIMARY KEY (request_id, agency_id)
            );
            """),
        // The coordinator's evaluation settings. Ratings and task decisions keep their history (the latest
        // row counts); the audit log has every change too.
        Step("007 evaluation", """
            CREATE TABLE indicator_setting (
                indicator_id INTEGER PRIMARY KEY REFERENCES indicator(id) ON DELETE CASCADE,
                method TEXT CHECK (method IN ('ratio', 'monitoring', 'sum', 'average', 'latest')),
                measure TEXT,
                measure_key TEXT
            );
            CREATE INDEX indicator_setting_measure ON indicator_setting(measure_key);
            CREATE TABLE indicator_rating (
                id INTEGER PRIMARY KEY,
                indicator_id INTEGER NOT NULL REFERENCES indicator(id) ON DELETE CASCADE,
                status TEXT NOT NULL CHECK (status IN ('achieved', 'on-track', 'at-risk', 'missed', 'no-data')),
                comment TEXT NOT NULL,
                rated_by TEXT NOT NULL,
                rated_on TEXT NOT NULL
            );
            CREATE INDEX indicator_rating_indicator ON indicator_rating(indicator_id);
            CREATE TABLE task_decision (
                id INTEGER PRIMARY KEY,
                task_id INTEGER NOT NULL REFERENCES task(id) ON DELETE CASCADE,
                kind TEXT NOT NULL CHECK (kind IN ('event', 'adjusted', 'cancelled')),
                document TEXT NOT NULL,
                on_date TEXT NOT NULL,
                lead_days INTEGER,
                new_due TEXT,
                recorded_by TEXT NOT NULL
            );
            CREATE INDEX task_decision_task ON task_decision(task_id);
            CREATE TABLE score_weights (
                province_id INTEGER PRIMARY KEY REFERENCES province(id),
                tasks REAL NOT NULL,
                reports REAL NOT NULL,
                indicators REAL NOT NULL,
                late_credit REAL NOT NULL
            );
            """),
        // Writes that run side by side on PostgreSQL (report saves) each bump one of 16 counters instead of the one
        // version row, which would make every commit wait for the one before it; the version is the sum.
        Step("008 data version shards", """
            CREATE TABLE data_version_shard (id INTEGER PRIMARY KEY, version INTEGER NOT NULL);
            INSERT INTO data_version_shard (id, version) VALUES (0, 0), (1, 0), (2, 0), (3, 0), (4, 0), (5, 0), (6, 0), (7, 0),
                (8, 0), (9, 0), (10, 0), (11, 0), (12, 0), (13, 0), (14, 0), (15, 0);
            """),
        // Indicator values as numbers, one row per report and indicator, kept by every save and status change:
        // province and national rollups of a period are one indexed GROUP BY instead of decoding every report.
        Step("009 indicator facts", factsTable + """
            INSERT INTO indicator_fact (report_id, indicator_id, province_id, period, counted, value, numerator, denominator)
            SELECT ri.report_id, ri.indicator_id, p.province_id, r.period, r.status IN ('submitted', 'accepted'),
                   json_extract(ri.body, '$.value'), json_extract(ri.body, '$.numerator'), json_extract(ri.body, '$.denominator')
            FROM report_indicator ri JOIN report r ON r.id = ri.report_id JOIN plan p ON p.id = r.plan_id;
            """, postgres: postgresDDL(factsTable) + """
            INSERT INTO indicator_fact (report_id, indicator_id, province_id, period, counted, value, numerator, denominator)
            SELECT ri.report_id, ri.indicator_id, p.province_id, r.period, CASE WHEN r.status IN ('submitted', 'accepted') THEN 1 ELSE 0 END,
                   (ri.body::jsonb ->> 'value')::float8, (ri.body::jsonb ->> 'numerator')::float8, (ri.body::jsonb ->> 'denominator')::float8
            FROM report_indicator ri JOIN report r ON r.id = ri.report_id JOIN plan p ON p.id = r.plan_id;
            """),
        // The coordinator's corrections of a previewed plan (JSON: task code → field → value), kept with the
        // upload until it is confirmed, so that corrections made page by page add up.
        Step("010 import corrections", """
            ALTER TABLE pending_import ADD COLUMN corrections TEXT NOT NULL DEFAULT '{}';
            """),
        // Reporting rules with dates written out ("trước ngày 01/6 và 15/11 hằng năm"): `MM-DD,MM-DD`.
        Step("011 reporting due dates", """
            ALTER TABLE plan ADD COLUMN reporting_due_dates TEXT;
            """),
        // Draft saves count apart from submissions (ids 16–31): evaluated pages and the evaluation cache depend on
        // submitted reports only, so officers saving drafts do not make every dashboard stale (see `DataScope`).
        Step("012 draft version shards", """
            INSERT INTO data_version_shard (id, version) VALUES (16, 0), (17, 0), (18, 0), (19, 0), (20, 0), (21, 0), (22, 0), (23, 0),
                (24, 0), (25, 0), (26, 0), (27, 0), (28, 0), (29, 0), (30, 0), (31, 0);
            """),
        // When each person last signed in, for the users page (an account nobody uses is one to disable).
        Step("013 last sign-in", """
            ALTER TABLE app_user ADD COLUMN last_signin_at TEXT;
            """),
        // The province completes its own directory: an agency's code (from the province's list), and the names its
        // plans use for bodies outside the province (ministries, the Central Committee …), not asked to report.
        Step("014 agency codes, names outside the province", """
            ALTER TABLE agency ADD COLUMN code TEXT;
            CREATE TABLE outside_name (
                id INTEGER PRIMARY KEY,
                province_id INTEGER NOT NULL REFERENCES province(id),
                name TEXT NOT NULL,
                match_key TEXT NOT NULL,
                UNIQUE (province_id, match_key)
            );
            """),
        // The coordinator's consolidated report as drafted: every saved version whole (the document as JSON), the
        // sections the clerk rewrote, who saved it and what changed.
        Step("015 report drafts", """
            CREATE TABLE report_draft (
                id INTEGER PRIMARY KEY,
                province_id INTEGER NOT NULL REFERENCES province(id),
                scope TEXT NOT NULL,
                period TEXT NOT NULL,
                version INTEGER NOT NULL,
                body TEXT NOT NULL,
                edited TEXT NOT NULL,
                change TEXT NOT NULL,
                user_id INTEGER,
                username TEXT NOT NULL,
                saved_at TEXT NOT NULL,
                UNIQUE (province_id, scope, period, version)
            );
            """),
        // Follow-up (issue 18): explanation requests and proposals to answer; notifications kept per person (one per event
        // and person: `key` is unique for the user); calendar feeds reached by a secret token kept hashed.
        Step("016 follow-ups, notifications, calendar feeds", """
            CREATE TABLE follow_up (
                id INTEGER PRIMARY KEY,
                province_id INTEGER NOT NULL REFERENCES province(id),
                plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
                kind TEXT NOT NULL CHECK (kind IN ('explanation', 'proposal')),
                agency_id INTEGER REFERENCES agency(id),
                task_id INTEGER REFERENCES task(id) ON DELETE SET NULL,
                indicator_id INTEGER REFERENCES indicator(id) ON DELETE SET NULL,
                report_id INTEGER REFERENCES report(id) ON DELETE SET NULL,
                source_agency_id INTEGER REFERENCES agency(id),
                period TEXT,
                question TEXT NOT NULL,
                due TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('open', 'answered', 'closed')),
                requested_by_id INTEGER,
                requested_by TEXT NOT NULL,
                created_at TEXT NOT NULL,
                answer TEXT,
                evidence TEXT,
                answered_by TEXT,
                answered_at TEXT,
                answered_on TEXT
            );
            CREATE INDEX follow_up_plan ON follow_up(plan_id);
            CREATE INDEX follow_up_agency ON follow_up(agency_id, status);
            CREATE INDEX follow_up_source ON follow_up(source_agency_id);
            CREATE TABLE notification (
                id INTEGER PRIMARY KEY,
                user_id INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
                key TEXT NOT NULL,
                kind TEXT NOT NULL,
                title TEXT NOT NULL,
                link TEXT NOT NULL,
                urgent INTEGER NOT NULL,
                created_at TEXT NOT NULL,
                read_at TEXT,
                UNIQUE (user_id, key)
            );
            CREATE INDEX notification_user ON notification(user_id, id);
            CREATE TABLE calendar_feed (
                id INTEGER PRIMARY KEY,
                token_hash TEXT NOT NULL UNIQUE,
                user_id INTEGER REFERENCES app_user(id) ON DELETE CASCADE,
                agency_id INTEGER REFERENCES agency(id),
                created_by_id INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
                created_at TEXT NOT NULL,
                last_used_at TEXT,
                revoked_at TEXT,
                CHECK ((user_id IS NULL) <> (agency_id IS NULL))
            );
            """),
        // E-mail (issue 18): a person's confirmed address and the one waiting for confirmation; which notifications were
        // mailed; the outgoing queue (each mail once by its key, retried with back-off); the lease that lets one server
        // process send at a time.
        Step("017 mail", """
            ALTER TABLE app_user ADD COLUMN email TEXT;
            ALTER TABLE app_user ADD COLUMN email_pending TEXT;
            ALTER TABLE app_user ADD COLUMN email_token_hash TEXT;
            ALTER TABLE app_user ADD COLUMN email_token_expires TEXT;
            ALTER TABLE notification ADD COLUMN mailed INTEGER NOT NULL DEFAULT 0;
            CREATE INDEX notification_unmailed ON notification(mailed, user_id);
            CREATE TABLE mail_delivery (
                id INTEGER PRIMARY KEY,
                key TEXT NOT NULL UNIQUE,
                user_id INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
                address TEXT NOT NULL,
                kind TEXT NOT NULL,
                subject TEXT NOT NULL,
                text_body TEXT NOT NULL,
                html_body TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at TEXT NOT NULL,
                claimed_by TEXT,
                claimed_until TEXT,
                last_error TEXT,
                created_at TEXT NOT NULL,
                sent_at TEXT
            );
            CREATE INDEX mail_delivery_due ON mail_delivery(status, next_attempt_at);
            CREATE TABLE mail_lease (id INTEGER PRIMARY KEY CHECK (id = 1), holder TEXT, expires_at TEXT NOT NULL);
            INSERT INTO mail_lease (id, holder, expires_at) VALUES (1, NULL, '1970-01-01T00:00:00.000Z');
            """),
        // An agency's own address (the coordinator sets it): what is urgent for the agency (a return, a request) is
        // mailed there too, whether or not its officers have an address or an account.
        Step("018 agency mail", """
            ALTER TABLE agency ADD COLUMN email TEXT;
            CREATE TABLE agency_notice (
                id INTEGER PRIMARY KEY,
                agency_id INTEGER NOT NULL REFERENCES agency(id),
                key TEXT NOT NULL,
                kind TEXT NOT NULL,
                title TEXT NOT NULL,
                link TEXT NOT NULL,
                created_at TEXT NOT NULL,
                mailed INTEGER NOT NULL DEFAULT 0,
                UNIQUE (agency_id, key)
            );
            """),
        // Files an agency gives with its answer (kept by their content hash in the file vault, as report evidence).
        Step("019 answer files", """
            CREATE TABLE follow_up_file (
                id INTEGER PRIMARY KEY,
                follow_up_id INTEGER NOT NULL REFERENCES follow_up(id) ON DELETE CASCADE,
                sha256 TEXT NOT NULL,
                name TEXT NOT NULL,
                media_type TEXT NOT NULL,
                size INTEGER NOT NULL,
                uploaded_at TEXT NOT NULL,
                username TEXT NOT NULL
            );
            CREATE INDEX follow_up_file_item ON follow_up_file(follow_up_id);
            """),
        // Machine clients (API keys, only the secret's hash kept), the answers kept for their retried writes
        // (idempotency keys, a day), the plans published as open data, and each indicator's national codes.
        Step("020 connections", """
            CREATE TABLE api_token (
                id INTEGER PRIMARY KEY,
                client TEXT NOT NULL,
                province_id INTEGER NOT NULL REFERENCES province(id),
                agency_id INTEGER REFERENCES agency(id),
                access TEXT NOT NULL,
                secret_hash TEXT NOT NULL UNIQUE,
                prefix TEXT NOT NULL,
                created_by TEXT NOT NULL,
                created_at TEXT NOT NULL,
                expires_on TEXT NOT NULL,
                revoked_at TEXT,
                last_used_at TEXT
            );
            CREATE TABLE api_idempotency (
                token_id INTEGER NOT NULL REFERENCES api_token(id) ON DELETE CASCADE,
                key TEXT NOT NULL,
                request_hash TEXT NOT NULL,
                status INTEGER NOT NULL DEFAULT 0,
                body TEXT,
                created_at TEXT NOT NULL,
                PRIMARY KEY (token_id, key)
            );
            CREATE TABLE plan_publication (
                plan_id INTEGER PRIMARY KEY REFERENCES plan(id) ON DELETE CASCADE,
                published_on TEXT NOT NULL,
                licence TEXT NOT NULL,
                published_by TEXT NOT NULL
            );
            ALTER TABLE indicator_setting ADD COLUMN national_code TEXT;
            ALTER TABLE indicator_setting ADD COLUMN unit_code TEXT;
            """),
    ]

    static let factsTable = """
            CREATE TABLE indicator_fact (
                report_id INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
                indicator_id INTEGER NOT NULL REFERENCES indicator(id) ON DELETE CASCADE,
                province_id INTEGER NOT NULL,
                period TEXT NOT NULL,
                counted INTEGER NOT NULL,
                value REAL,
                numerator REAL,
                denominator REAL,
                PRIMARY KEY (report_id, indicator_id)
            );
            CREATE INDEX indicator_fact_rollup ON indicator_fact(period, province_id, indicator_id);

            """

    static let schema001 = """
            CREATE TABLE province (
                id INTEGER PRIMARY KEY,
                code TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL
            );
            CREATE TABLE agency (
                id INTEGER PRIMARY KEY,
                province_id INTEGER NOT NULL REFERENCES province(id),
                name TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('department', 'commune', 'party', 'enterprise', 'other')),
                match_key TEXT NOT NULL,
                search_key TEXT NOT NULL,
                is_placeholder INTEGER NOT NULL DEFAULT 0,
                dissolved_on TEXT,
                UNIQUE (province_id, match_key)
            );
            CREATE TABLE agency_alias (
                id INTEGER PRIMARY KEY,
                agency_id INTEGER NOT NULL REFERENCES agency(id),
                province_id INTEGER NOT NULL REFERENCES province(id),
                alias TEXT NOT NULL,
                match_key TEXT NOT NULL,
                UNIQUE (province_id, match_key)
            );
            CREATE TABLE agency_group (
                id INTEGER PRIMARY KEY,
                province_id INTEGER NOT NULL REFERENCES province(id),
                kind TEXT NOT NULL,
                UNIQUE (province_id, kind)
            );
            CREATE TABLE agency_group_member (
                group_id INTEGER NOT NULL REFERENCES agency_group(id),
                agency_id INTEGER NOT NULL REFERENCES agency(id),
                PRIMARY KEY (group_id, agency_id)
            );
            CREATE TABLE succession (
                id INTEGER PRIMARY KEY,
                predecessor_id INTEGER NOT NULL REFERENCES agency(id),
                successor_id INTEGER NOT NULL REFERENCES agency(id),
                effective_on TEXT NOT NULL,
                decision TEXT NOT NULL,
                UNIQUE (predecessor_id),
                CHECK (predecessor_id <> successor_id)
            );
            CREATE TABLE plan (
                id INTEGER PRIMARY KEY,
                province_id INTEGER NOT NULL REFERENCES province(id),
                title TEXT NOT NULL,
                number TEXT,
                issuer TEXT,
                issued_on TEXT,
                span_from INTEGER,
                span_to INTEGER,
                reporting_cadence TEXT,
                reporting_due_day INTEGER,
                reporting_due_month INTEGER,
                reporting_text TEXT,
                source_file TEXT NOT NULL,
                source_sha256 TEXT NOT NULL,
                imported_at TEXT NOT NULL
            );
            CREATE TABLE plan_source (
                id INTEGER PRIMARY KEY,
                plan_id INTEGER NOT NULL REFERENCES plan(id),
                file TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                bytes BLOB NOT NULL,
                imported_at TEXT NOT NULL
            );
            CREATE TABLE indicator (
                id INTEGER PRIMARY KEY,
                plan_id INTEGER NOT NULL REFERENCES plan(id),
                code TEXT NOT NULL,
                position INTEGER NOT NULL,
                body TEXT NOT NULL,
                search_key TEXT NOT NULL,
                UNIQUE (plan_id, code)
            );
            CREATE TABLE task (
                id INTEGER PRIMARY KEY,
                plan_id INTEGER NOT NULL REFERENCES plan(id),
                code TEXT NOT NULL,
                position INTEGER NOT NULL,
                grp TEXT,
                deadline_kind TEXT,
                due TEXT,
                body TEXT NOT NULL,
                search_key TEXT NOT NULL,
                UNIQUE (plan_id, code)
            );
            CREATE TABLE assignment (
                id INTEGER PRIMARY KEY,
                task_id INTEGER REFERENCES task(id) ON DELETE CASCADE,
                indicator_id INTEGER REFERENCES indicator(id) ON DELETE CASCADE,
                role TEXT NOT NULL CHECK (role IN ('lead', 'partner', 'monitoring')),
                position INTEGER NOT NULL,
                text TEXT NOT NULL,
                agency_id INTEGER REFERENCES agency(id),
                predecessor_id INTEGER REFERENCES agency(id),
                resolution TEXT,
                CHECK ((task_id IS NULL) <> (indicator_id IS NULL))
            );
            CREATE INDEX assignment_task ON assignment(task_id);
            CREATE INDEX assignment_indicator ON assignment(indicator_id);
            CREATE INDEX assignment_agency ON assignment(agency_id);
            CREATE TABLE app_user (
                id INTEGER PRIMARY KEY,
                username TEXT NOT NULL UNIQUE,
                display_name TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                role TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'reporter', 'head', 'viewer')),
                province_id INTEGER REFERENCES province(id),
                agency_id INTEGER REFERENCES agency(id),
                must_change_password INTEGER NOT NULL DEFAULT 0,
                disabled INTEGER NOT NULL DEFAULT 0,
                created_at TEXT NOT NULL
            );
            CREATE TABLE session (
                token_hash TEXT PRIMARY KEY,
                user_id INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
                csrf_token TEXT NOT NULL,
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL
            );
            CREATE TABLE login_failure (
                id INTEGER PRIMARY KEY,
                key TEXT NOT NULL,
                at TEXT NOT NULL
            );
            CREATE INDEX login_failure_key ON login_failure(key, at);
            CREATE TABLE audit (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at TEXT NOT NULL,
                user_id INTEGER,
                username TEXT,
                action TEXT NOT NULL,
                entity TEXT NOT NULL,
                entity_id TEXT,
                before TEXT,
                after TEXT
            );
            """

    static let auditTriggersSQLite = """
            CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
            CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
            """

    /// The audit log refuses UPDATE and DELETE in PostgreSQL too.
    static let auditTriggersPostgres = """
            CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'audit log is append-only'; END $$;
            CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only();
            CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only();
            """
}

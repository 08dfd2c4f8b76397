-- dateline corpus schema, version 1.  One row per article in `articles`; the full JSON
-- record is kept in `record` so the store serves back exactly what `analyze` printed.
-- Tables for events and story clusters exist from the start, so the stages that fill
-- them later need no migration of the tables already filled.
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS articles (
    rowid           INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,       -- content hash (models.content_id)
    title           TEXT,
    published       TEXT,                       -- UTC, ISO 8601 with Z
    published_local TEXT,
    source          TEXT,
    url             TEXT,
    language        TEXT,
    analysed        INTEGER NOT NULL DEFAULT 0,
    origin          TEXT,                       -- file (and line) it was read from
    format          TEXT,
    body            TEXT NOT NULL,
    record          TEXT NOT NULL,              -- the dateline.article/1 JSON record
    cluster_id      INTEGER REFERENCES clusters(id),  -- story cluster, filled by a later stage
    added_at        TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE INDEX IF NOT EXISTS articles_source ON articles(source);

CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, body, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);

-- Entities as found in each article (one row per article entity).
CREATE TABLE IF NOT EXISTS entities (
    article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    entity_id     TEXT NOT NULL,                -- id inside the article record (e1 …)
    name          TEXT NOT NULL,
    type          TEXT NOT NULL,
    mentions      INTEGER NOT NULL,
    PRIMARY KEY (article_rowid, entity_id)
);
CREATE INDEX IF NOT EXISTS entities_name ON entities(name, type);

-- Quotes and events, one row each, for corpus-wide queries.
CREATE TABLE IF NOT EXISTS quotes (
    article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    quote_id      TEXT NOT NULL,
    kind          TEXT NOT NULL,
    speaker_name  TEXT,
    text          TEXT NOT NULL,
    PRIMARY KEY (article_rowid, quote_id)
);

CREATE TABLE IF NOT EXISTS events (
    article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    event_id      TEXT NOT NULL,
    type          TEXT NOT NULL,
    cameo         TEXT,
    date          TEXT,
    location      TEXT,
    PRIMARY KEY (article_rowid, event_id)
);
CREATE INDEX IF NOT EXISTS events_date ON events(date);

-- Story clusters (near-duplicate and same-story groups), filled by a later stage.
CREATE TABLE IF NOT EXISTS clusters (
    id         INTEGER PRIMARY KEY,
    label      TEXT,
    created_at TEXT NOT NULL
);

-- Input files already read, so a re-run skips them unread.
CREATE TABLE IF NOT EXISTS files (
    path      TEXT PRIMARY KEY,
    size      INTEGER NOT NULL,
    mtime_ns  INTEGER NOT NULL,
    articles  INTEGER NOT NULL,
    failures  INTEGER NOT NULL,
    done_at   TEXT NOT NULL
);

-- Inputs that could not be read, with the reason; they never abort a run.
CREATE TABLE IF NOT EXISTS failures (
    id      INTEGER PRIMARY KEY,
    path    TEXT NOT NULL,
    reason  TEXT NOT NULL,
    message TEXT NOT NULL,
    at      TEXT NOT NULL,
    UNIQUE (path, reason, message)
);

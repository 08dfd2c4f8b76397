-- dateline corpus schema, version 7.  One row per article in `articles`; the full JSON
-- record is kept in `record` so the store serves back exactly what `analyze` printed.
-- A table derived from the records (quotes, events) that changes shape is rebuilt from
-- `record` on migration, so no stored article is ever re-read or re-analysed.
--
-- Every statement is idempotent (IF NOT EXISTS): the whole file runs on each writable
-- open, inside one transaction (store/sqlite.py `_migrate`).
--   Version 1 → 2: `ALTER TABLE entities ADD COLUMN identity_id` runs first, then this
--   file creates the identity tables, then identities are backfilled from `entities`
--   and surname links computed (store/identities.py).
--   Version 2 → 3: the old `quotes` table (no speaker ids, no offsets, no stable rowid)
--   is dropped first, this file creates the v3 `quotes` and `quotes_fts`, then quotes
--   are rebuilt from the stored records (store/quotes.py), after the identity backfill.
--   Version 3 → 4: the old `events` table (type, cameo, date, location only) is dropped
--   first, this file creates the v4 `events` and `event_args`, then both are rebuilt
--   from the stored records (store/events.py), after the identity backfill.
--   Version 4 → 5: this file creates the trigram index `articles_tri` and its triggers,
--   then the articles holding CJK text are indexed from `articles` (store/sqlite.py).
--   Version 5 → 6: `entities` gains base_identity_id, type_votes and gender, `identities`
--   type_margin and gender (ALTERs first); this file creates identity_types,
--   entity_links, link_queue and identity_fixes; then identities are re-keyed (person
--   names without honorifics and middle initials), identities sharing a key merge, the
--   unique index on key is made, types are voted and every surname re-linked
--   (store/identities.py `rekey`, store/links.py).
--   Version 6 → 7: `articles` gains duplicate_of, similarity, publisher and story_id
--   (ALTERs first); this file creates the MinHash tables, stories and happenings; then
--   every article is fingerprinted in rowid order (the order it was first seen), a copy's
--   derived rows (entities, quotes, events) are removed so nothing is counted twice, and
--   the originals are grouped into stories and their events into happenings
--   (store/syndication.py `backfill`, store/stories.py, store/happenings.py).
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
    cluster_id      INTEGER REFERENCES clusters(id),  -- unused (v1 placeholder); see story_id
    added_at        TEXT NOT NULL,
    duplicate_of    INTEGER REFERENCES articles(rowid),  -- v7: rowid of the original this is a copy of
    similarity      REAL,                       -- v7: estimated Jaccard with that original
    publisher       TEXT,                       -- v7: the original publisher the text names (a wire
                                                --   dateline's agency, "first appeared in"), else NULL
    story_id        INTEGER REFERENCES stories(id)  -- v7: the story it reports (originals only)
);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE INDEX IF NOT EXISTS articles_source ON articles(source);
CREATE INDEX IF NOT EXISTS articles_source_nocase ON articles(source COLLATE NOCASE);  -- v5: the --source facet

CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, body, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);

-- Substring index for Chinese, Japanese and Korean (v5): an FTS5 trigram index over
-- title and body, external content like articles_fts, holding only the articles whose
-- title or body has a CJK character (the GLOB below is store/query.py CJK_GLOB: Han,
-- kana, Hangul).  These scripts put no spaces between words, so the word index sees a
-- whole run of characters as one token and 国家统计局 inside a sentence is not a token;
-- the trigram index finds any substring of 3 characters or more (store/query.py finds
-- shorter CJK terms with instr over the candidate articles).  An English corpus pays
-- nothing for it.  Kept in step by the triggers: an article's row is written and
-- deleted under the same condition, evaluated on the same (immutable) values.
CREATE VIRTUAL TABLE IF NOT EXISTS articles_tri USING fts5(
    title, body, content='articles', content_rowid='rowid', tokenize='trigram'
);
CREATE TRIGGER IF NOT EXISTS articles_tri_insert AFTER INSERT ON articles
WHEN coalesce(new.title, '') || new.body GLOB '*[ᄀ-ᇿ぀-ヿ㄰-㆏ㇰ-ㇿ㐀-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𿿿]*' BEGIN
    INSERT INTO articles_tri(rowid, title, body) VALUES (new.rowid, new.title, new.body);
END;
CREATE TRIGGER IF NOT EXISTS articles_tri_delete AFTER DELETE ON articles
WHEN coalesce(old.title, '') || old.body GLOB '*[ᄀ-ᇿ぀-ヿ㄰-㆏ㇰ-ㇿ㐀-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𿿿]*' BEGIN
    INSERT INTO articles_tri(articles_tri, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
END;
CREATE TRIGGER IF NOT EXISTS articles_tri_update_old AFTER UPDATE OF title, body ON articles
WHEN coalesce(old.title, '') || old.body GLOB '*[ᄀ-ᇿ぀-ヿ㄰-㆏ㇰ-ㇿ㐀-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𿿿]*' BEGIN
    INSERT INTO articles_tri(articles_tri, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
END;
CREATE TRIGGER IF NOT EXISTS articles_tri_update_new AFTER UPDATE OF title, body ON articles
WHEN coalesce(new.title, '') || new.body GLOB '*[ᄀ-ᇿ぀-ヿ㄰-㆏ㇰ-ㇿ㐀-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𿿿]*' BEGIN
    INSERT INTO articles_tri(rowid, title, body) VALUES (new.rowid, new.title, new.body);
END;

-- Entities as found in each article (one row per article entity).
CREATE TABLE IF NOT EXISTS entities (
    article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    entity_id     TEXT NOT NULL,                -- id inside the article record (e1 …)
    name          TEXT NOT NULL,
    type          TEXT NOT NULL,
    mentions      INTEGER NOT NULL,
    identity_id   INTEGER REFERENCES identities(id),  -- v2; the identity it resolves to (v6: after its surname link)
    base_identity_id INTEGER REFERENCES identities(id), -- v6; the identity its own name gives
    type_votes    TEXT,                         -- v6; JSON {type: share}, summing to 1 (identity_types)
    gender        TEXT,                         -- v6; male | female | NULL, from the record
    person_cue    INTEGER,                      -- v6; 1: the article treats it as a person (a role,
                                                --   a surname or honorific form)
    PRIMARY KEY (article_rowid, entity_id)
);
CREATE INDEX IF NOT EXISTS entities_name ON entities(name, type);
CREATE INDEX IF NOT EXISTS entities_identity ON entities(identity_id, article_rowid);
CREATE INDEX IF NOT EXISTS entities_base ON entities(base_identity_id, article_rowid);

-- Identities across the corpus: one per key (v6; v2–v5: per key and type), where key is
-- the canonical entity name casefolded, diacritics removed and whitespace folded
-- (identities.identity_key) and, for a person, without honorific, middle initials and
-- suffixes (names.parse: "Mr Blair" → "blair", "George W. Bush" → "george bush").  The
-- type is voted over every article naming it (identity_types), re-voted as articles
-- arrive.  Written in the same transaction as the article batch.  (A file migrated from
-- v2–v5 keeps its UNIQUE (key, type) and gains the unique index on key below.)
CREATE TABLE IF NOT EXISTS identities (
    id       INTEGER PRIMARY KEY,
    key      TEXT NOT NULL,
    type     TEXT NOT NULL,                     -- OntoNotes label: the corpus vote (or a retype fix)
    name     TEXT NOT NULL,                     -- display: the fullest common surface form
    surname  TEXT,                              -- a person's last name unit ("van nistelrooy")
    tokens   INTEGER NOT NULL,                  -- name units in key; 1 = a bare name
    articles INTEGER NOT NULL DEFAULT 0,        -- distinct articles whose entities resolve here
    type_margin REAL,                           -- v6: (top vote - runner-up) / all votes
    gender   TEXT,                              -- v6: male | female, most of its articles say so
    UNIQUE (key)
);
CREATE INDEX IF NOT EXISTS identities_surname ON identities(type, surname, tokens);

-- The type vote (v6): per identity and OntoNotes label, the sum of its articles' shares
-- (each article's entity gives 1, split by the stage's evidence: entities.type_votes).
CREATE TABLE IF NOT EXISTS identity_types (
    identity_id INTEGER NOT NULL REFERENCES identities(id),
    type        TEXT NOT NULL,
    votes       REAL NOT NULL,
    PRIMARY KEY (identity_id, type)
);

-- Per-article surname links (v6): an entity row named by a bare surname ("Blair"), and
-- the full name the article's context makes likely (store/links.py).  target_id NULL =
-- considered and left unlinked.  evidence is JSON: the candidates with their
-- probabilities and features.  entities.identity_id follows target_id.
CREATE TABLE IF NOT EXISTS entity_links (
    article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    entity_id     TEXT NOT NULL,
    target_id     INTEGER REFERENCES identities(id),
    confidence    REAL,
    evidence      TEXT NOT NULL,
    PRIMARY KEY (article_rowid, entity_id)
);
CREATE INDEX IF NOT EXISTS entity_links_target ON entity_links(target_id);

-- Surnames whose links must be decided again (v6): a person identity with that surname
-- gained or lost an article.  Filled in the batch, emptied by Corpus.link_identities().
CREATE TABLE IF NOT EXISTS link_queue (surname TEXT PRIMARY KEY);

-- Corrections that last (v6): `dateline entities merge|split|retype`.  key is the
-- identity key the fix applies to; merge folds it into other (a key); split keeps its
-- rows under the exact name key, never person-folded or surname-linked; retype sets type.
CREATE TABLE IF NOT EXISTS identity_fixes (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'retype')),
    key        TEXT NOT NULL,
    other      TEXT,
    type       TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS identity_fixes_key ON identity_fixes(key, kind);

-- Surface forms of each identity with their article counts (chooses identities.name).
CREATE TABLE IF NOT EXISTS identity_forms (
    identity_id INTEGER NOT NULL REFERENCES identities(id),
    form        TEXT NOT NULL,
    articles    INTEGER NOT NULL,
    PRIMARY KEY (identity_id, form)
);

-- Surname links by identity (v2; v6: a summary of entity_links): a bare surname
-- identity → the full name most of its linked articles link to; confidence = the mean
-- confidence of those article links.  Only linked names have a row.  Recomputed by
-- Corpus.link_identities() at the end of each ingest.
CREATE TABLE IF NOT EXISTS identity_links (
    identity_id INTEGER PRIMARY KEY REFERENCES identities(id),
    target_id   INTEGER NOT NULL REFERENCES identities(id),
    confidence  REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS identity_links_target ON identity_links(target_id);

-- Quotes (v3), one row per quote of each article, for corpus-wide queries.  The speaker
-- is resolved in the article's own batch: speaker_entity_id is the record's entity id;
-- speaker_identity_id its corpus identity (a capital or seat used for its state, whose
-- refers_to names a country entity of the article, takes that country's identity);
-- speaker_name is the entity's canonical name (refers_to name for capitals), else the
-- record's speaker_text (an anonymous description: "a State Department official");
-- speaker_key is identities.identity_key(speaker_name), for --speaker matching.
-- id is an explicit INTEGER PRIMARY KEY so quotes_fts rowids survive VACUUM.
CREATE TABLE IF NOT EXISTS quotes (
    id                  INTEGER PRIMARY KEY,
    article_rowid       INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    quote_id            TEXT NOT NULL,              -- id inside the article record (q1 …)
    kind                TEXT NOT NULL,              -- direct | partial | indirect
    speaker_entity_id   TEXT,
    speaker_identity_id INTEGER REFERENCES identities(id),
    speaker_name        TEXT,
    speaker_key         TEXT,
    speaker_text        TEXT,
    cue                 TEXT,                       -- the cue verb or phrase ("said")
    text                TEXT NOT NULL,
    start               INTEGER NOT NULL,           -- [start, end) in articles.body
    "end"               INTEGER NOT NULL,
    UNIQUE (article_rowid, quote_id)
);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker_identity_id);

-- Full text of quotes (v3): external content over quotes.text, kept in step by the
-- triggers below, so every write to quotes (a batch, a cascade from articles) updates
-- the index in the same transaction.
CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5(
    text, content='quotes', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS quotes_fts_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER IF NOT EXISTS quotes_fts_delete AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER IF NOT EXISTS quotes_fts_update AFTER UPDATE OF text ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO quotes_fts(rowid, text) VALUES (new.id, new.text);
END;

-- Events (v4), one row per event of each article, for the timeline.  Written in the
-- article's own batch (store/events.py), after its entities have identities.
--   date       the event's own TIMEX3 value from the text ("2019-05-14", "2018-07", "2014"),
--              NULL when the text gives none (never the publication date);
--   date_sort / date_end   the period `date` covers as days, [date_sort, date_end):
--              "2018-07" → 2018-07-01 … 2018-08-01; NULL when `date` is NULL or not a
--              calendar value (PRESENT_REF …);
--   sort_day / sort_end    what the timeline orders and filters by: the date_sort period,
--              else the article's publication day (sort_from says which: text |
--              publication); NULL when neither is known (such events sort last);
--   location   the record's entity id of the place; location_identity_id its corpus
--              identity, location_name its canonical name (else the record's
--              location_text), location_key identities.identity_key(location_name).
CREATE TABLE IF NOT EXISTS events (
    article_rowid        INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    event_id             TEXT NOT NULL,             -- id inside the article record (v1 …)
    type                 TEXT NOT NULL,             -- coarse: meeting, attack …
    cameo                TEXT,                      -- CAMEO code, "036"
    date                 TEXT,
    location             TEXT,
    plover_type          TEXT,                      -- one of the 16 PLOVER types, upper case
    plover_mode          TEXT,
    goldstein            REAL,
    modality             TEXT,                      -- asserted | planned | negated | reported | hypothetical
    date_source          TEXT,                      -- text | publication | none (the record's)
    date_timex           TEXT,
    historical           INTEGER NOT NULL DEFAULT 0,
    said_by              TEXT,                      -- entity id of the speaker (reported speech)
    said_by_name         TEXT,
    quote_id             TEXT,
    trigger_text         TEXT,
    start                INTEGER,                   -- the sentence: [start, end) in articles.body
    "end"                INTEGER,
    location_identity_id INTEGER REFERENCES identities(id),
    location_name        TEXT,
    location_key         TEXT,
    date_sort            TEXT,
    date_end             TEXT,
    sort_day             TEXT,
    sort_end             TEXT,
    sort_from            TEXT,
    PRIMARY KEY (article_rowid, event_id)
);
CREATE INDEX IF NOT EXISTS events_sort ON events(sort_day, sort_end);
CREATE INDEX IF NOT EXISTS events_since ON events(sort_end);       -- --since keeps sort_end > since
CREATE INDEX IF NOT EXISTS events_plover ON events(plover_type, sort_day);
CREATE INDEX IF NOT EXISTS events_cameo ON events(cameo);
CREATE INDEX IF NOT EXISTS events_location ON events(location_identity_id);
CREATE INDEX IF NOT EXISTS events_location_key ON events(location_key);

-- Who acted and who was acted on (v4): one row per actor or target of an event.  An
-- argument naming an entity of the article has entity_id, its identity (a capital or seat
-- whose refers_to names a country entity of the article takes that country's identity,
-- as for quote speakers) and name (canonical; refers_to name for seats); a generic one
-- ("police", "protesters") has only text and sector.  key = identity_key(name or text).
CREATE TABLE IF NOT EXISTS event_args (
    article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    event_id      TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('actor', 'target')),
    position      INTEGER NOT NULL,                 -- order within the role
    entity_id     TEXT,
    identity_id   INTEGER REFERENCES identities(id),
    name          TEXT,
    text          TEXT,                             -- the noun phrase as printed
    key           TEXT,
    sector        TEXT,                             -- government, military, police …
    PRIMARY KEY (article_rowid, event_id, role, position),
    FOREIGN KEY (article_rowid, event_id) REFERENCES events(article_rowid, event_id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS event_args_identity ON event_args(identity_id);
CREATE INDEX IF NOT EXISTS event_args_key ON event_args(key);

-- Unused since v1 (a placeholder for story clusters; stories are the `stories` table).
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

-- ---------------------------------------------------------------------------------
-- v7: syndicated copies (store/syndication.py).  Every original article (duplicate_of
-- NULL) with enough words has a MinHash signature over word shingles of its folded body
-- and one row per LSH band; a new article's bands find its candidate originals, its
-- estimated Jaccard and containment decide.  A copy gets articles.duplicate_of and no
-- band rows (a copy of a copy points at the original), and no entities, quotes or events
-- rows: it is stored and searchable, never counted twice.
CREATE INDEX IF NOT EXISTS articles_duplicate ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL;
CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id);
CREATE TABLE IF NOT EXISTS minhashes (
    article_rowid INTEGER PRIMARY KEY REFERENCES articles(rowid) ON DELETE CASCADE,
    shingles      INTEGER NOT NULL,             -- distinct shingles of the body
    sig           BLOB NOT NULL                 -- the signature, uint32 little-endian
);
CREATE TABLE IF NOT EXISTS lsh_bands (
    band          INTEGER NOT NULL,
    hash          INTEGER NOT NULL,             -- a band's rows hashed to a signed 64-bit int
    article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    PRIMARY KEY (band, hash, article_rowid)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS lsh_bands_article ON lsh_bands(article_rowid);

-- Originals whose story and happenings are still to be decided, in the order they were
-- stored (filled in the article's batch; emptied by Corpus.assign_stories(), which runs
-- after the surname links at the end of each ingest, so a killed run finishes next time).
CREATE TABLE IF NOT EXISTS story_queue (article_rowid INTEGER PRIMARY KEY);

-- BEGIN stories (store/stories.py) ---------------------------------------------------
-- A story: the original articles reporting the same happening within a time window.
-- articles.story_id names it; story_members keeps why each member joined.
CREATE TABLE IF NOT EXISTS stories (
    id              INTEGER PRIMARY KEY,
    label           TEXT,                       -- the title of a central report
    first_published TEXT,                       -- UTC ISO 8601, earliest member
    last_published  TEXT,
    articles        INTEGER NOT NULL DEFAULT 0, -- original members
    sources         INTEGER NOT NULL DEFAULT 0, -- distinct publishers among them
    created_at      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS stories_first ON stories(first_published);
CREATE INDEX IF NOT EXISTS stories_last ON stories(last_published);
CREATE TABLE IF NOT EXISTS story_members (
    article_rowid INTEGER PRIMARY KEY REFERENCES articles(rowid) ON DELETE CASCADE,
    story_id      INTEGER NOT NULL REFERENCES stories(id),
    score         REAL,                         -- the join score; NULL: it started the story
    evidence      TEXT NOT NULL                 -- JSON: the member it matched and each feature
);
CREATE INDEX IF NOT EXISTS story_members_story ON story_members(story_id);
-- Each original's weighted key terms (content words, entity identities as "@id") and the
-- corpus document frequency of each term: the candidates and the text similarity.
CREATE TABLE IF NOT EXISTS article_terms (
    article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    term          TEXT NOT NULL,
    weight        REAL NOT NULL,
    PRIMARY KEY (article_rowid, term)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_terms_term ON article_terms(term, article_rowid);
CREATE TABLE IF NOT EXISTS term_df (
    term TEXT PRIMARY KEY,
    n    INTEGER NOT NULL
) WITHOUT ROWID;
-- END stories ----------------------------------------------------------------------

-- BEGIN happenings (store/happenings.py) ---------------------------------------------
-- One record per real happening: events of different articles (and repeated mentions in
-- one) with the same PLOVER type, overlapping actors and targets, compatible dates and
-- places.  Counts come from here, not from events rows.
CREATE TABLE IF NOT EXISTS happenings (
    id                   INTEGER PRIMARY KEY,
    plover_type          TEXT NOT NULL,
    label                TEXT,                  -- "actors TYPE targets", for lists
    date                 TEXT,                  -- TIMEX3 value the reports agree on, NULL if none
    date_sort            TEXT,                  -- the period as days [date_sort, date_end)
    date_end             TEXT,
    sort_day             TEXT,                  -- as events.sort_day: the date, else first report's day
    location_identity_id INTEGER REFERENCES identities(id),
    location_name        TEXT,
    story_id             INTEGER REFERENCES stories(id),
    first_reported       TEXT,                  -- earliest publication time among its reports
    reports              INTEGER NOT NULL DEFAULT 0,  -- events rows
    sources              INTEGER NOT NULL DEFAULT 0   -- distinct publishers of those reports
);
CREATE INDEX IF NOT EXISTS happenings_sort ON happenings(sort_day);
CREATE INDEX IF NOT EXISTS happenings_type ON happenings(plover_type, sort_day);
CREATE INDEX IF NOT EXISTS happenings_story ON happenings(story_id);
CREATE TABLE IF NOT EXISTS happening_reports (
    article_rowid INTEGER NOT NULL,
    event_id      TEXT NOT NULL,
    happening_id  INTEGER NOT NULL REFERENCES happenings(id),
    score         REAL,                         -- the merge score; NULL: it started the happening
    evidence      TEXT NOT NULL,                -- JSON: what matched
    PRIMARY KEY (article_rowid, event_id),
    FOREIGN KEY (article_rowid, event_id) REFERENCES events(article_rowid, event_id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS happening_reports_happening ON happening_reports(happening_id);
CREATE TABLE IF NOT EXISTS happening_args (
    happening_id INTEGER NOT NULL REFERENCES happenings(id) ON DELETE CASCADE,
    role         TEXT NOT NULL CHECK (role IN ('actor', 'target')),
    key          TEXT NOT NULL,                 -- "@<identity id>" or the generic phrase's key
    identity_id  INTEGER REFERENCES identities(id),
    name         TEXT NOT NULL,
    reports      INTEGER NOT NULL,              -- reports naming it
    PRIMARY KEY (happening_id, role, key)
);
CREATE INDEX IF NOT EXISTS happening_args_identity ON happening_args(identity_id);
CREATE INDEX IF NOT EXISTS happening_args_key ON happening_args(key, role);
-- The candidates of a new report: the most recent happenings naming one of its keys.
CREATE INDEX IF NOT EXISTS happening_args_recent ON happening_args(key, happening_id);
-- END happenings -------------------------------------------------------------------

-- The in-memory snapshot's columns, cached as blobs so that opening a
-- large store reads a few blobs instead of scanning every event row
-- (0.25 s instead of 4-11 s for 10 M events; ARCHITECTURE.md, "Data flow").
-- Valid while built_for equals the number of the newest import.
CREATE TABLE snapshot_cache (
  name TEXT PRIMARY KEY,
  data BLOB NOT NULL
);
CREATE TABLE snapshot_meta (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  built_for INTEGER NOT NULL,
  version   INTEGER NOT NULL
);

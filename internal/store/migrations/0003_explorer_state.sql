-- The explorer's state per local user (funnel, tab, each tab's options),
-- restored when the database is reopened (ARCHITECTURE.md, "Where state
-- lives"). state is internal/explorerstate's JSON document.
CREATE TABLE explorer_state (
  user_name  TEXT PRIMARY KEY,
  state      TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

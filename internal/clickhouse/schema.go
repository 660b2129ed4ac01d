package clickhouse

import (
	"context"
	"fmt"
	"strings"
)

// Table is the events table of an engine database: a MergeTree, or a
// Distributed table over a cluster's shards (Init). The analyses read it
// and nothing else.
const Table = "events"

// Columns of Table, in order (ARCHITECTURE.md, "ClickHouse"):
//
//	user        String          the event's user (ingest.Event.User)
//	time_us     Int64           µs since the epoch, UTC
//	seq         UInt64          import order: breaks ties in time, as the
//	                            local store's seq does
//	name        String          event name
//	session     String          export session id, '' when none
//	dedup       Int64           ingest.DedupKey of the event
//	prop_keys   Array(String)   property keys, sorted
//	prop_values Array(String)   their values, same order
//
// Properties are two arrays rather than Map (absent from 18.16) or a JSON
// string (every query would parse it): prop_values[indexOf(prop_keys, k)]
// reads one on every release.
const columnsDDL = `(
  user        String,
  time_us     Int64,
  seq         UInt64,
  name        String,
  session     String,
  dedup       Int64,
  prop_keys   Array(String),
  prop_values Array(String)
)`

// ColumnNames lists Table's columns in DDL order, for INSERT and SELECT.
const ColumnNames = "user, time_us, seq, name, session, dedup, prop_keys, prop_values"

// mergeTree is the engine clause of an events table: ordered by user then
// time, so that a user's events are read together and in order. No
// PARTITION BY: one import's INSERT then writes a single part (see
// import.go on atomicity).
const mergeTree = "ENGINE = MergeTree() ORDER BY (user, time_us, seq)"

// InitOptions says how Init builds the schema.
type InitOptions struct {
	// Table names the plain MergeTree table to create (default Table):
	// a shard table on a shard of another server is made this way.
	Table string
	// Cluster, when set, makes Table a Distributed table over this
	// cluster (from the server's remote_servers), sharded by user, over a
	// MergeTree ShardTable() in each shard's default database.
	Cluster string
}

// Init creates the events table when it does not exist yet (and the
// database itself). With a cluster, the shard tables are created on the
// shards this server hosts; a shard on another server must get its table
// there first (the error says how).
func Init(ctx context.Context, c *Client, opts InitOptions) error {
	root := c.WithDatabase("default")
	if err := root.Exec(ctx, "CREATE DATABASE IF NOT EXISTS "+c.Database()); err != nil {
		return fmt.Errorf("init %s: %w", c.Redacted(), err)
	}
	if opts.Cluster == "" {
		table := opts.Table
		if table == "" {
			table = Table
		}
		if err := CheckIdent(table); err != nil {
			return fmt.Errorf("init: table: %w", err)
		}
		return createEvents(ctx, c, table)
	}
	if err := CheckIdent(opts.Cluster); err != nil {
		return fmt.Errorf("init: cluster: %w", err)
	}
	if err := createShards(ctx, c, opts.Cluster); err != nil {
		return fmt.Errorf("init %s on cluster %s: %w", c.Redacted(), opts.Cluster, err)
	}
	ddl := fmt.Sprintf("CREATE TABLE IF NOT EXISTS %s %s ENGINE = Distributed(%s, '', %s, cityHash64(user))",
		Table, columnsDDL, opts.Cluster, ShardTable(c))
	if err := c.Exec(ctx, ddl); err != nil {
		return fmt.Errorf("init %s: %w", c.Redacted(), err)
	}
	return nil
}

// ShardTable is the name of the MergeTree table in each shard's default
// database that the Distributed events table of c's database spans:
// named after the database, so that several engine databases can share
// one cluster.
func ShardTable(c *Client) string { return c.Database() + "_events" }

func createEvents(ctx context.Context, c *Client, table string) error {
	if err := c.Exec(ctx, "CREATE TABLE IF NOT EXISTS "+table+" "+columnsDDL+" "+mergeTree); err != nil {
		return fmt.Errorf("init %s: %w", c.Redacted(), err)
	}
	return nil
}

// shard is one replica of a cluster, as system.clusters lists it.
type shard struct {
	Host     string `json:"host_name"`
	Port     int    `json:"port"`
	Database string `json:"default_database"`
}

// clusterShards lists cluster's replicas from the server's system.clusters.
func clusterShards(ctx context.Context, c *Client, cluster string) ([]shard, error) {
	return QueryRows[shard](ctx, c, "SELECT host_name, port, default_database FROM system.clusters WHERE cluster = "+Quote(cluster))
}

// createShards creates the shard table in every shard's database that
// lives on this server. Whether a shard is this server is decided by
// hostName() through remote(): is_local in system.clusters is 0 for a
// shard with its own default_database even on this very server (18.16).
func createShards(ctx context.Context, c *Client, cluster string) error {
	shards, err := clusterShards(ctx, c, cluster)
	if err != nil {
		return err
	}
	if len(shards) == 0 {
		return fmt.Errorf("no cluster %q in the server's remote_servers", cluster)
	}
	here, err := c.QueryValue(ctx, "SELECT hostName()")
	if err != nil {
		return err
	}
	var elsewhere []string
	for _, s := range shards {
		if err := createShard(ctx, c, s, here, &elsewhere); err != nil {
			return err
		}
	}
	if len(elsewhere) > 0 {
		return fmt.Errorf("create the shard table first on %s: funnelscope clickhouse init --engine clickhouse://HOST:8123/DB --table %s",
			strings.Join(elsewhere, ", "), ShardTable(c))
	}
	return nil
}

func createShard(ctx context.Context, c *Client, s shard, here string, elsewhere *[]string) error {
	addr := fmt.Sprintf("%s:%d", s.Host, s.Port)
	db := s.Database
	if db == "" {
		db = "default"
	}
	host, err := c.QueryValue(ctx, "SELECT hostName() FROM remote("+Quote(addr)+", system.one)")
	if err != nil {
		return fmt.Errorf("reach shard %s: %w", addr, err)
	}
	if host != here {
		exists, err := c.QueryValue(ctx, "SELECT count() FROM remote("+Quote(addr)+", system.tables) WHERE database = "+
			Quote(db)+" AND name = "+Quote(ShardTable(c)))
		if err != nil {
			return fmt.Errorf("look for the shard table on %s: %w", addr, err)
		}
		if exists == "0" {
			*elsewhere = append(*elsewhere, addr+" (database "+db+")")
		}
		return nil
	}
	if err := CheckIdent(db); err != nil {
		return fmt.Errorf("shard %s: %w", addr, err)
	}
	if err := c.Exec(ctx, "CREATE DATABASE IF NOT EXISTS "+db); err != nil {
		return err
	}
	return createEvents(ctx, c, db+"."+ShardTable(c))
}

// DropShards drops the shard tables that Init made for c's database on
// cluster (the tests' cleanup; shards on other servers are left alone).
func DropShards(ctx context.Context, c *Client, cluster string) error {
	shards, err := clusterShards(ctx, c, cluster)
	if err != nil {
		return err
	}
	for _, s := range shards {
		if s.Database == "" || CheckIdent(s.Database) != nil {
			continue
		}
		if err := c.Exec(ctx, "DROP TABLE IF EXISTS "+s.Database+"."+ShardTable(c)); err != nil {
			return fmt.Errorf("drop shard table: %w", err)
		}
	}
	return nil
}

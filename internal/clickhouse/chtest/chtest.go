// Package chtest gives tests a ClickHouse database of their own on the
// server that .ci/clickhouse.sh starts.
package chtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/funnelscope/funnelscope/internal/clickhouse"
)

// EnvServer names the server's HTTP address (default DefaultServer);
// EnvRequire=1 (CI) turns a missing server from a skip into a failure.
const (
	EnvServer     = "FUNNELSCOPE_CLICKHOUSE"
	EnvRequire    = "FUNNELSCOPE_REQUIRE_CLICKHOUSE"
	DefaultServer = "http://127.0.0.1:8123"
	// TwoShards is the cluster .ci/clickhouse.sh declares: two shards on
	// one server.
	TwoShards = "funnelscope_two_shards"
)

// Server returns a client on a fresh, uniquely named database of the
// running server, dropped when the test ends. With no server answering
// /ping it skips the test loudly, or fails it when EnvRequire is 1.
func Server(t testing.TB) *clickhouse.Client {
	t.Helper()
	root := rootClient(t)
	db := "fs_test_" + randomHex(6)
	ctx := context.Background()
	if err := root.Exec(ctx, "CREATE DATABASE "+db); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := root.Exec(ctx, "DROP DATABASE IF EXISTS "+db); err != nil {
			t.Errorf("drop test database %s: %v", db, err)
		}
	})
	return root.WithDatabase(db)
}

// Distributed returns a client on a fresh database (as Server) and Init's
// error for an events table Distributed over TwoShards, whose shard
// tables are dropped when the test ends.
func Distributed(t testing.TB) (*clickhouse.Client, error) {
	t.Helper()
	c := Server(t)
	t.Cleanup(func() { _ = clickhouse.DropShards(context.Background(), c, TwoShards) })
	return c, clickhouse.Init(context.Background(), c, clickhouse.InitOptions{Cluster: TwoShards})
}

// Kept returns a client on the database db of the running server, which
// the test does not drop: for a measure that keeps what it loads for
// later runs. Without a server it skips or fails as Server does.
func Kept(t testing.TB, db string) *clickhouse.Client {
	t.Helper()
	return rootClient(t).WithDatabase(db)
}

// URL is the engine URL (clickhouse://...) of the database c uses, for
// tests that go through the command line.
func URL(c *clickhouse.Client) string {
	d := c.DSN()
	return "clickhouse://" + d.Host + "/" + d.Database
}

// rootClient is a client on the server's default database, or a skip.
func rootClient(t testing.TB) *clickhouse.Client {
	t.Helper()
	addr := os.Getenv(EnvServer)
	if addr == "" {
		addr = DefaultServer
	}
	u, err := url.Parse(addr)
	if err != nil || u.Host == "" {
		t.Fatalf("%s=%q: want an address like %s", EnvServer, addr, DefaultServer)
	}
	raw := "clickhouse://" + u.Host + "/default"
	if u.User != nil {
		raw = "clickhouse://" + u.User.String() + "@" + u.Host + "/default"
	}
	if strings.EqualFold(u.Scheme, "https") {
		raw = "clickhouses" + strings.TrimPrefix(raw, "clickhouse")
	}
	d, err := clickhouse.ParseDSN(raw)
	if err != nil {
		t.Fatalf("%s: %v", EnvServer, err)
	}
	c := clickhouse.New(d)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := c.Ping(ctx); err != nil {
		msg := "NO CLICKHOUSE SERVER at " + addr + " (" + err.Error() + "): ClickHouse tests NOT RUN. " +
			"Start one with `bash .ci/clickhouse.sh` (or set " + EnvServer + ")."
		if os.Getenv(EnvRequire) == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return c
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

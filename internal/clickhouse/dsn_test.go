package clickhouse_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/funnelscope/funnelscope/internal/clickhouse"
	"github.com/funnelscope/funnelscope/internal/clickhouse/chtest"
)

const secret = "s3cr3t-pw"

func TestParseDSNReadsEveryPart(t *testing.T) {
	tests := []struct {
		raw                    string
		user, host, db, redact string
	}{
		{"clickhouse://ana:" + secret + "@ch.example:8124/shop", "ana", "ch.example:8124", "shop", "clickhouse://ana:***@ch.example:8124/shop"},
		{"clickhouse://ch.example", "", "ch.example:8123", "default", "clickhouse://ch.example:8123/default"},
		{"clickhouses://bo@ch.example/x", "bo", "ch.example:8123", "x", "clickhouses://bo@ch.example:8123/x"},
	}
	for _, tt := range tests {
		d, err := clickhouse.ParseDSN(tt.raw)
		if err != nil {
			t.Fatalf("%s: %v", tt.redact, err)
		}
		if d.User != tt.user || d.Host != tt.host || d.Database != tt.db || d.Redacted() != tt.redact {
			t.Errorf("ParseDSN = %+v (%s), want user %q host %q db %q, %s", d, d.Redacted(), tt.user, tt.host, tt.db, tt.redact)
		}
	}
}

func TestARedactedDSNFromTheEnvironmentNamesTheVariable(t *testing.T) {
	t.Setenv(clickhouse.EnvEngine, "clickhouse://ana:"+secret+"@h:1/db")
	d, ok, err := clickhouse.FromEnv()
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if got := d.Redacted(); got != "clickhouse://ana:$FUNNELSCOPE_ENGINE@h:1/db" {
		t.Fatalf("Redacted = %q", got)
	}
}

// TestNoErrorPathShowsThePassword drives every way a DSN or a client can
// fail and greps each message (and the DSN's own printing) for the secret.
func TestNoErrorPathShowsThePassword(t *testing.T) {
	bad := []string{
		"clickhouse://ana:" + secret + "@",
		"clickhouse://ana:" + secret + "@h/bad-db",
		"mysql://ana:" + secret + "@h/db",
		"clickhouse://ana:" + secret + "@h:99999999/db",
		"clickhouse://ana:" + secret + "@[::1/db",
	}
	var msgs []string
	for _, raw := range bad {
		if _, err := clickhouse.ParseDSN(raw); err != nil {
			msgs = append(msgs, err.Error())
		}
	}
	d, err := clickhouse.ParseDSN("clickhouse://ana:" + secret + "@127.0.0.1:1/db")
	if err != nil {
		t.Fatal(err)
	}
	msgs = append(msgs, fmt.Sprint(d), fmt.Sprintf("%v %+v %#v %s", d, d, d, d))
	c := clickhouse.New(d)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	for _, err := range []error{
		c.Ping(ctx), c.Exec(ctx, "SELECT 1"), c.Insert(ctx, "t", "TabSeparated", strings.NewReader("1\n")),
		clickhouse.Init(ctx, c, clickhouse.InitOptions{}),
	} {
		if err == nil {
			t.Fatal("a client on a closed port succeeded")
		}
		msgs = append(msgs, err.Error())
	}
	cancel()
	msgs = append(msgs, c.Exec(ctx, "SELECT 1").Error())
	for _, m := range msgs {
		if strings.Contains(m, secret) {
			t.Errorf("message shows the password: %s", m)
		}
	}
	if len(msgs) < 10 {
		t.Fatalf("only %d messages checked", len(msgs))
	}
}

func TestAWrongPasswordIsRefusedWithoutBeingShown(t *testing.T) {
	good := chtest.Server(t)
	d := good.DSN()
	d.User, d.Password = "default", secret
	err := clickhouse.New(d).Exec(context.Background(), "SELECT 1")
	var se *clickhouse.ServerError
	// 193 WRONG_PASSWORD on 18.16, 516 AUTHENTICATION_FAILED on current releases.
	if !errors.As(err, &se) || (se.Code != 193 && se.Code != 516) || strings.Contains(err.Error(), secret) {
		t.Fatalf("err = %v, want the server's refusal (code 193 or 516) without the password", err)
	}
}

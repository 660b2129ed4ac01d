package sshserve

import (
	"encoding/binary"
	"fmt"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// The largest terminal a client gets: every frame and chart is drawn at
// the client's size, so 10000x6000 cost the server 700 MB. 500 columns
// are about 4000 pixels at a small font: no real screen is wider.
const (
	maxColumns = 500
	maxRows    = 200
)

// sessionChannel is the handler of every session channel: at most
// MaxChannels open at once on a connection, none once a refusal is
// closing it, and terminal sizes clamped before anything sees them.
func (s *Server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, nc gossh.NewChannel, ctx ssh.Context) {
	st := stateOf(ctx)
	ok, first := st.openChannel(s.cfg.MaxChannels)
	if !ok {
		if first {
			s.log.Warn("channel refused: connection closing or at --max-channels", "user", conn.User(),
				"addr", conn.RemoteAddr().String(), "max_channels", s.cfg.MaxChannels)
		}
		_ = nc.Reject(gossh.ResourceShortage, fmt.Sprintf("at most %d channels per connection, none after a refusal", s.cfg.MaxChannels)) // a client gone already needs no answer
		return
	}
	defer st.closeChannel()
	clamped := func(w, h uint32) {
		if st.firstClamp() {
			s.log.Warn("terminal size clamped", "user", conn.User(), "addr", conn.RemoteAddr().String(),
				"asked", fmt.Sprintf("%dx%d", w, h), "max", fmt.Sprintf("%dx%d", maxColumns, maxRows))
		}
	}
	ssh.DefaultSessionHandler(srv, conn, clampingChannel{NewChannel: nc, clamped: clamped}, ctx)
}

// clampingChannel rewrites the sizes in pty-req and window-change
// requests, so the PTY, the resize poller and the program all get the
// clamped size from the one place they read it.
type clampingChannel struct {
	gossh.NewChannel
	clamped func(w, h uint32) // called with the size asked for, when too big
}

func (c clampingChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := c.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go func() {
		defer close(out)
		for r := range reqs {
			if w, h, ok := clampRequest(r); ok {
				c.clamped(w, h)
			}
			out <- r
		}
	}()
	return ch, out, nil
}

// clampRequest clamps the window size in r's payload in place and returns
// the size asked for when it was too big.
func clampRequest(r *gossh.Request) (w, h uint32, clamped bool) {
	size := sizeField(r)
	if size == nil {
		return 0, 0, false
	}
	w, h = binary.BigEndian.Uint32(size), binary.BigEndian.Uint32(size[4:])
	if w <= maxColumns && h <= maxRows {
		return w, h, false
	}
	binary.BigEndian.PutUint32(size, min(w, maxColumns))
	binary.BigEndian.PutUint32(size[4:], min(h, maxRows))
	return w, h, true
}

// sizeField is the 8 bytes of columns and rows in a pty-req or
// window-change payload (RFC 4254 6.2, 6.7); nil for other requests and
// for malformed ones, which the SSH library refuses.
func sizeField(r *gossh.Request) []byte {
	p := r.Payload
	switch r.Type {
	case "window-change":
	case "pty-req": // string TERM first
		if len(p) < 4 || uint64(binary.BigEndian.Uint32(p)) > uint64(len(p)-4) {
			return nil
		}
		p = p[4+binary.BigEndian.Uint32(p):]
	default:
		return nil
	}
	if len(p) < 8 {
		return nil
	}
	return p[:8]
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"sync"
	"testing"

	"github.com/wingify/vwo-go-sdk/pkg/constants"
	"github.com/wingify/vwo-go-sdk/pkg/request"

	"github.com/vwo-conform/vwo-conform/runner"
	"github.com/vwo-conform/vwo-conform/spec"
)

// netGuard fails on any attempt to reach the network: a DNS lookup
// through Go's resolver, or a dial through the transports the SDK uses
// outside a case (where the capture is not installed).
type netGuard struct {
	mu       sync.Mutex
	attempts []string
}

func (g *netGuard) record(what string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.attempts = append(g.attempts, what)
	return errors.New("offline test: network access refused: " + what)
}

func (g *netGuard) install(t *testing.T) {
	prevDial, prevGo := net.DefaultResolver.Dial, net.DefaultResolver.PreferGo
	net.DefaultResolver.PreferGo = true // no cgo resolver: every lookup goes through Dial
	net.DefaultResolver.Dial = func(ctx context.Context, network, address string) (net.Conn, error) {
		return nil, g.record("resolver " + network + " " + address)
	}
	guard := &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return nil, g.record("dial " + network + " " + addr)
		},
		DialTLSContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return nil, g.record("TLS dial " + network + " " + addr)
		},
	}
	prevDefault, prevClient := http.DefaultTransport, request.Client
	http.DefaultTransport, request.Client = guard, &http.Client{Transport: guard}
	t.Cleanup(func() {
		net.DefaultResolver.Dial, net.DefaultResolver.PreferGo = prevDial, prevGo
		http.DefaultTransport, request.Client = prevDefault, prevClient
	})
}

// TestOffline runs every corpus case the adapter can run, in process,
// under the guard: no lookup or dial may happen, every request the SDK
// made is a captured hit for its own host, and the guard transport is
// back in place between cases.
func TestOffline(t *testing.T) {
	g := &netGuard{}
	g.install(t)
	caps := map[spec.Capability]bool{}
	for _, c := range capabilities {
		caps[c] = true
	}
	ran, hits := 0, 0
	dump := map[string]spec.WireOutcome{} // VWO_CONFORM_GO_OUTCOMES=file writes every outcome there
	for _, c := range loadCorpus(t) {
		runnable := true
		for _, need := range c.Requires {
			runnable = runnable && caps[need]
		}
		if !runnable {
			continue
		}
		out, err := runCase(context.Background(), spec.NewRequest(&c))
		if err != nil {
			if errors.Is(err, runner.ErrSkip) {
				continue
			}
			t.Errorf("%s: %v", c.ID, err)
			continue
		}
		ran++
		dump[c.ID] = out
		for i, st := range out.Steps {
			for _, h := range st.Hits {
				hits++
				if host := header(h.Headers, "Host"); host != constants.BaseURL {
					t.Errorf("%s step %d: hit for host %q", c.ID, i+1, host)
				}
			}
		}
		if _, ok := http.DefaultTransport.(*http.Transport); !ok || http.DefaultTransport.(*http.Transport).DialContext == nil {
			t.Fatalf("%s: http.DefaultTransport not restored", c.ID)
		}
	}
	if p := os.Getenv("VWO_CONFORM_GO_OUTCOMES"); p != "" {
		b, _ := json.MarshalIndent(dump, "", " ")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Error(err)
		}
	}
	// The guard itself works: a real request through it is refused.
	if _, err := http.Get("https://" + constants.BaseURL + "/offline-probe"); err == nil {
		t.Error("the guard let a request through")
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.attempts) != 1 {
		t.Errorf("network attempts during the corpus: %q", g.attempts[:max(0, len(g.attempts)-1)])
	}
	if ran < 100 || hits < 100 {
		t.Errorf("ran %d cases with %d hits: too few to prove anything", ran, hits)
	}
	t.Logf("ran %d cases, captured %d hits, no network access", ran, hits)
}

func header(hs []spec.Param, name string) string {
	for _, h := range hs {
		if h.Name == name {
			return h.Value
		}
	}
	return fmt.Sprintf("(no %s header)", name)
}

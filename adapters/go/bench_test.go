package main

import (
	"io"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/wingify/vwo-go-sdk/pkg/request"
	"github.com/wingify/vwo-go-sdk/pkg/service"

	vwo "github.com/wingify/vwo-go-sdk"

	"github.com/vwo-conform/vwo-conform/reference"
)

// BenchmarkTrack compares one single-campaign track call that is tracked
// and builds its track-goal GET, on the same settings and user:
//
//	reference   the reference engine: reference.Launch + Client.Track
//	vwo-go-sdk  the real SDK: Track, and the goroutine it starts to send
//	            the GET, through a minimal recording RoundTripper (the
//	            request is built and handed to the transport; no network)
//
// Run from adapters/go:
//
//	go test -run '^$' -bench BenchmarkTrack -benchmem -count 5
func BenchmarkTrack(b *testing.B) {
	settingsPath := "../../reference/testdata/observations-settings.json"
	data, err := os.ReadFile(settingsPath)
	if err != nil {
		b.Fatal(err)
	}
	const campaign, user, goal = "AB_50_50", "Ashley", "CUSTOM"

	b.Run("reference", func(b *testing.B) {
		c, err := reference.Launch(data, reference.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			res, hits, err := c.Track(campaign, user, goal)
			if err != nil || len(hits) != 1 || len(res) != 1 {
				b.Fatal(res, hits, err)
			}
		}
	})

	b.Run("vwo-go-sdk", func(b *testing.B) {
		var sfm service.SettingsFileManager
		if err := sfm.ProcessSettingsFile(settingsPath); err != nil {
			b.Fatal(err)
		}
		sfm.Process()
		inst, err := vwo.Launch(sfm.GetSettingsFile())
		if err != nil {
			b.Fatal(err)
		}
		rt := &recorder{}
		prevDefault, prevClient := http.DefaultTransport, request.Client
		http.DefaultTransport, request.Client = rt, &http.Client{Transport: rt}
		defer func() { http.DefaultTransport, request.Client = prevDefault, prevClient }()
		base := runtime.NumGoroutine()
		b.ReportAllocs()
		for b.Loop() {
			res := inst.Track(campaign, user, goal, nil)
			if len(res) != 1 || !res[0].TrackValue {
				b.Fatal(res)
			}
			// The GET goes out from a goroutine Track started; the call is
			// done when that goroutine has ended (it is counted from the
			// go statement on, so this cannot miss it).
			for runtime.NumGoroutine() > base {
				runtime.Gosched()
			}
		}
		b.StopTimer()
		if n := rt.n.Load(); n < int64(b.N) {
			b.Fatalf("%d requests for %d calls", n, b.N)
		}
	})
}

// recorder is a minimal capture: it keeps the last request line and
// answers 200 {}.
type recorder struct {
	n    atomic.Int64
	last atomic.Value
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.n.Add(1)
	r.last.Store(req.Method + " " + req.URL.RequestURI())
	return &http.Response{
		StatusCode: 200, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader("{}")),
		ContentLength: 2, Request: req,
	}, nil
}

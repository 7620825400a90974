package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/heatconf/heatconf/probe"
	"github.com/heatconf/heatconf/probe/exporter"
)

// listenFlags are `heatconf probe --listen`'s.
type listenFlags struct {
	Listen      string
	Targets     []string // NAME=HEAT.CONF
	MinInterval time.Duration
}

// listenAddr is where --listen binds: a bare port or ":PORT" is on
// loopback; a host given is used as given.
func listenAddr(s string) (string, error) {
	if !strings.Contains(s, ":") {
		s = ":" + s
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		return "", usageErrorf("--listen %q: want [HOST:]PORT (e.g. 127.0.0.1:9469)", s)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port), nil
}

// namedTargets reads --target NAME=HEAT.CONF.
func namedTargets(specs []string) (map[string]string, error) {
	out := map[string]string{}
	for _, spec := range specs {
		name, file, ok := strings.Cut(spec, "=")
		if !ok || file == "" || !exporter.ValidName(name) {
			return nil, usageErrorf("--target %q: want NAME=HEAT.CONF, NAME of letters, digits, '.', '_' and '-'", spec)
		}
		out[name] = file
	}
	return out, nil
}

// probeListen serves the exporter until SIGINT or SIGTERM.
func probeListen(o *probeOptions) error {
	addr, err := listenAddr(o.listen.Listen)
	if err != nil {
		return err
	}
	named, err := namedTargets(o.listen.Targets)
	if err != nil {
		return err
	}
	logf := func(s string) { fmt.Fprintln(o.IO.Err, "heatconf: "+s) }
	srv := exporter.New(exporter.Config{
		Resolve:     func(name string) (exporter.Run, error) { return o.targetRun(name, named) },
		MinInterval: o.listen.MinInterval,
		Timeout:     o.Timeout,
		Log:         logf,
	})
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fatal(fmt.Errorf("--listen: %w", err))
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = hs.Shutdown(sctx)
	}()
	logf(fmt.Sprintf("probe exporter on http://%s/ (/probe?target=NAME, /metrics); targets: %s", l.Addr(), targetList(named)))
	if err := hs.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fatal(err)
	}
	return nil
}

func targetList(named map[string]string) string {
	var names []string
	for n := range named {
		names = append(names, n)
	}
	if len(names) == 0 {
		return "the clouds of clouds.yaml"
	}
	return strings.Join(names, ", ") + " and the clouds of clouds.yaml"
}

// targetRun is the probe of a configured target: a --target name (its
// heat.conf), else a cloud of clouds.yaml. Anything else is unknown: a
// scrape can never make the probe go to a place it names.
func (o *probeOptions) targetRun(name string, named map[string]string) (exporter.Run, error) {
	src := probe.Sources{Env: probe.Env(o.Env), Flags: o.Flags, Region: o.Region, Interface: o.Interface, TLS: o.TLS}
	req := probe.Request{SitePath: o.SitePath, SiteEnv: o.Env, SiteAccess: o.Access, CheckTimeout: o.CheckTimeout, CreateStack: o.CreateStack}
	if file, ok := named[name]; ok {
		req.Configs = []string{file}
	} else {
		src.Cloud = name
		if _, err := probe.Resolve(src); err != nil {
			return nil, fmt.Errorf("%w: not a --target name, and %v", exporter.ErrUnknownTarget, err)
		}
	}
	req.Sources = src
	return func(ctx context.Context) (*probe.Report, error) {
		if d, ok := ctx.Deadline(); ok {
			req.Wait.Timeout = time.Until(d)
		}
		res, err := probe.Do(ctx, req)
		if err != nil {
			return nil, err
		}
		return res.Report, nil
	}, nil
}

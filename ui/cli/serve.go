package cli

import (
	"context"
	"fmt"
	"path/filepath"

	"cuifu/ui"
	"cuifu/ui/serve"
)

// ServeOptions are the `cuifu serve` flags.
type ServeOptions struct {
	Listen  string // ADDR
	HostKey string // the host key's path; "" puts it beside the store
	Keys    string // the keys file; "" is keys.txt beside the store
}

// Serve runs the team server on the store until ctx ends (Ctrl+C or SIGTERM).
func Serve(ctx context.Context, env *Env, o ServeOptions) error {
	dir := filepath.Dir(env.Store.Path())
	if o.HostKey == "" {
		o.HostKey = filepath.Join(dir, "cuifu_host_ed25519")
	}
	if o.Keys == "" {
		o.Keys = filepath.Join(dir, "keys.txt")
	}
	keys, err := serve.ReadKeys(o.Keys)
	if err != nil {
		return fmt.Errorf("serve: the keys file: %w", err)
	}
	lib, err := loadScripts(env)
	if err != nil {
		return err
	}
	return serve.Serve(ctx, serve.Options{
		Listen:   o.Listen,
		HostKey:  o.HostKey,
		Keys:     keys,
		KeysFile: o.Keys, // read again when it changes: a new key needs no restart
		Lang:     env.Lang,
		Log:      env.Stderr,
		Replay:   func(ctx context.Context) (*ui.ReplayData, error) { return replayData(ctx, env, "", "") },
		Work: ui.Options{
			Store:   env.Store,
			Advisor: lib,
			Config:  &env.Config,
			Clock:   env.Clock,
			Inbox:   ui.InboxDir(&env.Config, env.Store.Path()),
		},
	})
}

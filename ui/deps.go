// Package ui is cuifu's workstation: one Bubble Tea v2 program that shows the ranked queue,
// the selected order with its script, and takes the specialist's actions. It never touches
// the store directly from Update: every store call is a tea.Cmd that returns a typed message.
package ui

import (
	"context"

	"cuifu/data"
	"cuifu/queue"
	"cuifu/scripts"
)

// Store is what the workstation needs of the store. *data.Store is one; tests use fakes.
type Store interface {
	Path() string // where the store is, to show
	Snapshot(ctx context.Context, cfg *queue.Config) (*queue.Snapshot, error)
	Append(ctx context.Context, e queue.Event) (queue.Event, error)
	Claim(ctx context.Context, e queue.Event) (queue.Event, error)
	Revoke(ctx context.Context, e queue.Event, roster *queue.RosterConfig) (queue.Event, error)
	DataVersion(ctx context.Context) (int64, error)
	Changes(ctx context.Context, cfg *queue.Config, since int64) (*queue.Changes, error)
	Detail(ctx context.Context, key queue.OrderKey) (data.Detail, error)
	// Shipping is what each order named charges for shipping, in fen (for the rows on screen
	// flagged for charging it twice).
	Shipping(ctx context.Context, keys []queue.OrderKey) (map[queue.OrderKey]queue.Fen, error)
	Tally(ctx context.Context, operator string, from, to, lookBack int64) (data.Tally, error)
	ImportFile(ctx context.Context, req data.ImportRequest) (*data.ImportReport, error)
}

// StoreChangedMsg tells a workstation that the store changed, so it looks now instead of at
// its next poll. The team server sends it to every session when one of them writes.
type StoreChangedMsg struct{}

// Advisor picks and renders scripts. *scripts.Library is one.
type Advisor interface {
	Suggest(r scripts.Request) []scripts.Suggestion
}

// Options configure the workstation.
type Options struct {
	Store    Store
	Advisor  Advisor
	Config   *queue.Config
	Clock    queue.Clock
	Operator string
	Session  string
	Lang     queue.Lang
	Inbox    string // the folder watched for exports; "" watches none
	NewStore bool   // the store was made for this start: its path had no file
	Board    bool   // a team board is one key away (ctrl+b, team mode): the help says so
	// Shared, when set, is the queue this workstation reads instead of loading its own: a
	// team server's sessions share one (see Shared).
	Shared *Shared
	// Context ends the workstation's store commands; nil is the background (Run gives its own).
	Context context.Context
}

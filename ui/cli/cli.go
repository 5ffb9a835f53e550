// Package cli carries out cuifu's commands for main: it builds what each command needs
// from the parsed command line and prints what the command answers. The workstation itself
// is package ui.
package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"cuifu/data"
	"cuifu/queue"
	"cuifu/queue/words"
)

// ExitError is an error that asks for a particular exit status.
type ExitError struct {
	Code int
	Err  error
}

func (e ExitError) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error.
func (e ExitError) Unwrap() error { return e.Err }

// Env is what every command works with.
type Env struct {
	Config   queue.Config
	Clock    queue.Clock
	Operator string
	Session  string
	Lang     queue.Lang
	Store    *data.Store
	Stdout   io.Writer
	Stderr   io.Writer
	// NewStore: OpenStore made the store, the path had no file (a mistyped --db, or a first run).
	NewStore bool
	// Globals are the global flags as given: the demo's store, the config path, whose
	// shift a replay shows.
	Globals Globals
}

// OpenStore opens (or creates) the store at path, and adds the store's own sale calendar
// (the demo's) to the config, so every command ranks the store alike.
func (e *Env) OpenStore(ctx context.Context, path string) error {
	_, statErr := os.Stat(path)
	e.NewStore = os.IsNotExist(statErr)
	s, err := data.Open(ctx, path)
	if err != nil {
		return failure(e.Lang, "open_store", path, err)
	}
	s.SetLocation(e.Config.Location)
	cal, err := s.Calendar(ctx)
	if err == nil {
		err = addCalendar(&e.Config, cal)
	}
	if err != nil {
		s.Close()
		return failure(e.Lang, "open_store", path, err)
	}
	if e.Config.Holdout.Share > 0 && e.Config.Holdout.Salt == "" {
		// The store's own salt: every process on this store draws the same holdout.
		if e.Config.Holdout.Salt, err = s.HoldoutSalt(ctx); err != nil {
			s.Close()
			return failure(e.Lang, "open_store", path, err)
		}
	}
	s.SetShop(&e.Config)
	s.OnWait(waitNotice(e.Stderr, e.Lang))
	e.Store = s
	if e.Session == "" {
		e.Session = NewSession()
	}
	return nil
}

// addCalendar adds a store's own sale calendar to cfg: its sales, and its sale day unless
// the config names one. cfg is left as it was if the result does not check.
func addCalendar(cfg *queue.Config, cal data.Calendar) error {
	if cal.Empty() {
		return nil
	}
	c := *cfg
	c.Sales = append(slices.Clip(c.Sales), cal.Sales...)
	if c.Shop.SaleDay == "" {
		c.Shop.SaleDay = cal.SaleDay
	}
	if err := c.CheckSales(); err != nil {
		return err
	}
	*cfg = c
	return nil
}

// Close closes the store, if one is open.
func (e *Env) Close() error {
	if e.Store == nil {
		return nil
	}
	return e.Store.Close()
}

// failure is an error said in the language l: a code of the words' CLIError and its facts.
func failure(l queue.Lang, code string, args ...any) error {
	return errors.New(words.Format(words.For(l).CLIError[code], args...))
}

// NewSession returns a fresh id for one run of cuifu, so the shift log can tell runs apart.
func NewSession() string {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return strconv.FormatInt(time.Now().UnixNano(), 36)
	}
	return hex.EncodeToString(b[:])
}

// LoadConfig reads the config file at path over the defaults. A missing file means the
// defaults, unless the user named the file explicitly (then it is an error). A setting the
// file gets wrong is said in the language l, with its line.
func LoadConfig(path string, explicit bool, l queue.Lang) (queue.Config, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && !explicit {
		return queue.DefaultConfig(), nil
	}
	if err != nil {
		return queue.Config{}, fmt.Errorf("config: %w", err)
	}
	c, err := queue.ParseConfig(b)
	if err != nil {
		return queue.Config{}, errors.New(queue.ConfigErrorText(l, path, err)) // said in the user's words
	}
	return c, nil
}

// ConfigInit writes the commented default config to path. It does not overwrite an
// existing file unless force is set. It says what it did in the language l.
func ConfigInit(path string, force bool, l queue.Lang, stdout io.Writer) error {
	if _, err := os.Stat(path); err == nil && !force {
		return failure(l, "config_exists", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	if err := os.WriteFile(path, []byte(queue.DefaultConfigTOML), 0o600); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	fmt.Fprintln(stdout, words.Format(words.For(l).CLIError["config_wrote"], path))
	return nil
}

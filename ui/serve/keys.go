// Package serve runs the workstation for a team: one host holds the store, and every
// specialist connects with an ordinary SSH client and gets a workstation of their own on it.
package serve

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"charm.land/ssh"

	"cuifu/queue"
)

// Role is what a key may do on the server.
type Role uint8

// The roles a keys file can give.
const (
	Specialist Role = iota // works the queue
	Supervisor             // works the queue and sees the team
)

// String is the role's name as the keys file writes it.
func (r Role) String() string {
	if r == Supervisor {
		return "supervisor"
	}
	return "specialist"
}

// Key is one line of the keys file: who holds a public key, and as what.
type Key struct {
	Name    string     // the operator name the key logs as
	Role    Role       // specialist unless the line says supervisor
	Lang    queue.Lang // the key's own language; zero when the line names none
	HasLang bool       // the line named a language
	Public  ssh.PublicKey
}

// Keys is the parsed keys file.
type Keys []Key

// Find returns the key entry that matches k.
func (ks Keys) Find(k ssh.PublicKey) (Key, bool) {
	for _, e := range ks {
		if ssh.KeysEqual(e.Public, k) {
			return e, true
		}
	}
	return Key{}, false
}

// maxName bounds an operator name, as the roster does: a name is a person, not a paragraph.
const maxName = 32

// ParseKeys reads a keys file: one line per key, `NAME[:ROLE[:LANG]] KEYTYPE BASE64
// [comment]`, where ROLE is specialist (the default) or supervisor and LANG is zh or en.
// Blank lines and lines starting with # are skipped. A line that cannot be read is an error
// naming its line number: a server must not start with a key silently missing.
func ParseKeys(r io.Reader) (Keys, error) {
	var ks Keys
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 64*1024)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		who, rest, ok := strings.Cut(line, " ")
		if !ok {
			return nil, fmt.Errorf("line %d: want NAME[:ROLE] KEYTYPE BASE64", n)
		}
		k, err := parseWho(who)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		pub, _, _, _, err := ssh.ParseAuthorizedKey([]byte(strings.TrimSpace(rest)))
		if err != nil {
			return nil, fmt.Errorf("line %d: the key of %s cannot be read: %v", n, queue.Sanitize(k.Name), err)
		}
		k.Public = pub
		if _, dup := ks.Find(pub); dup {
			return nil, fmt.Errorf("line %d: the key of %s is listed twice", n, queue.Sanitize(k.Name))
		}
		ks = append(ks, k)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return ks, nil
}

// parseWho reads NAME[:ROLE[:LANG]].
func parseWho(s string) (Key, error) {
	parts := strings.Split(s, ":")
	if len(parts) > 3 {
		return Key{}, fmt.Errorf("%q: want NAME[:ROLE[:LANG]]", queue.Sanitize(s))
	}
	k := Key{Name: parts[0]}
	if k.Name == "" || len([]rune(k.Name)) > maxName || queue.Sanitize(k.Name) != k.Name {
		return Key{}, fmt.Errorf("%q is not a usable operator name", queue.Sanitize(k.Name))
	}
	if len(parts) > 1 {
		switch parts[1] {
		case "", "specialist":
		case "supervisor":
			k.Role = Supervisor
		default:
			return Key{}, fmt.Errorf("role %q: want specialist or supervisor", queue.Sanitize(parts[1]))
		}
	}
	if len(parts) > 2 {
		l, ok := queue.ParseLang(parts[2])
		if !ok {
			return Key{}, fmt.Errorf("language %q: want zh or en", queue.Sanitize(parts[2]))
		}
		k.Lang, k.HasLang = l, true
	}
	return k, nil
}

// ReadKeys reads the keys file at path; its errors name the file.
func ReadKeys(path string) (Keys, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ks, err := ParseKeys(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ks, nil
}

// DefaultKeysEvery is how often a running server looks whether its keys file changed.
const DefaultKeysEvery = 2 * time.Second

// fileStamp is what tells that a file changed: its modification time and size.
type fileStamp struct {
	mod  time.Time
	size int64
}

func stampOf(path string) (fileStamp, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return fileStamp{}, err
	}
	return fileStamp{fi.ModTime(), fi.Size()}, nil
}

// watchKeys reads the keys file again whenever it changes, until ctx ends: a new
// specialist's key works without a restart, and a removed key lets nobody in any more (the
// sessions already open stay). A file that cannot be read, or has a bad line, is logged with
// its line number and changes nothing: the keys in use stay.
func (s *Server) watchKeys(ctx context.Context) {
	path, every := s.opt.KeysFile, s.opt.KeysEvery
	if every <= 0 {
		every = DefaultKeysEvery
	}
	last, _ := stampOf(path)
	lastErr := ""
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		st, err := stampOf(path)
		if err == nil && st == last {
			continue
		}
		var ks Keys
		if err == nil {
			ks, err = ReadKeys(path)
		}
		if err != nil {
			if st != last || err.Error() != lastErr {
				s.logf("keys file not reloaded, the %d keys in use stay: %v", len(s.currentKeys()), err)
			}
			last, lastErr = st, err.Error()
			continue
		}
		last, lastErr = st, ""
		old := s.currentKeys()
		s.keys.Store(&ks)
		s.logf("keys file %s reloaded: %d keys (%d new, %d removed)", path, len(ks), countMissing(ks, old), countMissing(old, ks))
	}
}

// countMissing counts the keys of a that b does not have.
func countMissing(a, b Keys) int {
	n := 0
	for _, k := range a {
		if _, ok := b.Find(k.Public); !ok {
			n++
		}
	}
	return n
}

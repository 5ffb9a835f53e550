// Package serve runs the workstation for a team: one host holds the store, and every
// specialist connects with an ordinary SSH client and gets a workstation of their own on it.
package serve

import (
	"bufio"
	"fmt"
	"io"
	"strings"

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

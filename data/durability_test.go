package data

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"cuifu/data/exports"
	"cuifu/queue"
)

// TestChildLogger is not a test: it is the child process of the durability tests. It logs
// events to the store named by CUIFU_CHILD_DB and prints "ack N" after each one returns.
func TestChildLogger(t *testing.T) {
	db := os.Getenv("CUIFU_CHILD_DB")
	if db == "" {
		t.Skip("only runs as a child of the durability tests")
	}
	n, _ := strconv.Atoi(os.Getenv("CUIFU_CHILD_N"))
	s, err := Open(context.Background(), db)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(3)
	}
	w := bufio.NewWriter(os.Stdout)
	name := os.Getenv("CUIFU_CHILD_NAME")
	if os.Getenv("CUIFU_CHILD_MODE") == "claim" {
		bufio.NewReader(os.Stdin).ReadString('\n') // start together with the other process
		for i := 0; i < n; i++ {
			id := "C" + strconv.Itoa(i)
			_, err := s.Claim(context.Background(), queue.Event{At: t0, Operator: name, Kind: queue.EventClaim,
				Order: queue.OrderKey{Platform: queue.PlatformTaobao, ID: id}, Until: t0 + 900})
			switch {
			case err == nil:
				fmt.Fprintln(w, "won", id)
			case errors.Is(err, ErrClaimed):
				fmt.Fprintln(w, "lost", id)
			default:
				fmt.Fprintln(w, "error", err)
			}
		}
		w.Flush()
		s.Close()
		os.Exit(0)
	}
	for i := 0; n == 0 || i < n; i++ {
		e, err := s.Append(context.Background(), queue.Event{At: t0 + int64(i), Operator: name, Kind: queue.EventContact,
			Order: queue.OrderKey{Platform: queue.PlatformTaobao, ID: "A"}, Channel: queue.ChannelIM, Result: queue.ResultSent})
		if err != nil {
			fmt.Fprintln(w, "error", err)
			w.Flush()
			os.Exit(4)
		}
		fmt.Fprintln(w, "ack", e.ID)
		w.Flush()
	}
	s.Close()
	os.Exit(0)
}

func child(t *testing.T, db, name string, n int) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestChildLogger$", "-test.count=1")
	cmd.Env = append(os.Environ(), "CUIFU_CHILD_DB="+db, "CUIFU_CHILD_N="+strconv.Itoa(n), "CUIFU_CHILD_NAME="+name)
	return cmd
}

func seeded(t *testing.T) string {
	s, path := tempStore(t)
	if _, err := s.Upsert(ctx, []exports.Record{rec("A", queue.StatusUnpaid, 20000)}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	return path
}

// TestKilledProcessKeepsAcknowledgedEvents kills a logging process with SIGKILL and checks
// that every event it acknowledged is in the store afterwards.
func TestKilledProcessKeepsAcknowledgedEvents(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGKILL on Windows")
	}
	path := seeded(t)
	cmd := child(t, path, "小美", 0)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var acked []int64
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 2 && f[0] == "ack" {
			id, _ := strconv.ParseInt(f[1], 10, 64)
			acked = append(acked, id)
		} else if len(f) > 0 && f[0] == "error" {
			t.Fatalf("child: %s", sc.Text())
		}
		if len(acked) == 150 {
			cmd.Process.Signal(syscall.SIGKILL) // in the middle of the next commit, most likely
			break
		}
	}
	cmd.Wait()
	if len(acked) < 150 {
		t.Fatalf("the child acknowledged only %d events", len(acked))
	}
	s := open(t, path)
	evs, err := s.Events(ctx, EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	have := map[int64]bool{}
	for _, e := range evs {
		have[e.ID] = true
	}
	for _, id := range acked {
		if !have[id] {
			t.Fatalf("acknowledged event %d is lost after kill -9", id)
		}
	}
	// The contact summary agrees with the log: the event and its fold are one transaction.
	o, _, err := s.OrderState(ctx, queue.OrderKey{Platform: queue.PlatformTaobao, ID: "A"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if want := min(len(evs), 255); int(o.Contact.Touches) != want {
		t.Fatalf("touches %d, events %d", o.Contact.Touches, len(evs))
	}
}

// TestTwoProcessesLogConcurrently runs two logging processes on one store at once.
func TestTwoProcessesLogConcurrently(t *testing.T) {
	path := seeded(t)
	const each = 100
	var wg sync.WaitGroup
	outs := make([]string, 2)
	errs := make([]error, 2)
	for i, name := range []string{"小美", "阿杰"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b, err := child(t, path, name, each).CombinedOutput()
			outs[i], errs[i] = string(b), err
		}()
	}
	wg.Wait()
	for i := range outs {
		if errs[i] != nil || strings.Contains(outs[i], "locked") || strings.Contains(outs[i], "error") {
			t.Fatalf("process %d: %v\n%s", i, errs[i], outs[i])
		}
		if n := strings.Count(outs[i], "ack "); n != each {
			t.Fatalf("process %d acknowledged %d events, want %d", i, n, each)
		}
	}
	s := open(t, path)
	evs, _ := s.Events(ctx, EventFilter{})
	count := map[string]int{}
	for _, e := range evs {
		count[e.Operator]++
	}
	if count["小美"] != each || count["阿杰"] != each {
		t.Fatalf("events by operator %v, want %d each", count, each)
	}
}

// TestTwoProcessesClaimAtOnce: two processes claim the same orders at the same moment; each
// order has exactly one winner.
func TestTwoProcessesClaimAtOnce(t *testing.T) {
	s, path := tempStore(t)
	const n = 40
	var recs []exports.Record
	for i := 0; i < n; i++ {
		recs = append(recs, rec("C"+strconv.Itoa(i), queue.StatusUnpaid, 20000))
	}
	if _, err := s.Upsert(ctx, recs); err != nil {
		t.Fatal(err)
	}
	s.Close()
	var outs [2]bytes.Buffer
	var cmds [2]*exec.Cmd
	var starts [2]io.WriteCloser
	for i, name := range []string{"小美", "阿杰"} {
		cmds[i] = child(t, path, name, n)
		cmds[i].Env = append(cmds[i].Env, "CUIFU_CHILD_MODE=claim")
		cmds[i].Stdout, cmds[i].Stderr = &outs[i], &outs[i]
		w, err := cmds[i].StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		starts[i] = w
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(300 * time.Millisecond) // both open the store
	for _, w := range starts {
		io.WriteString(w, "go\n")
		w.Close()
	}
	for i := range cmds {
		if err := cmds[i].Wait(); err != nil {
			t.Fatalf("process %d: %v\n%s", i, err, outs[i].String())
		}
	}
	wins := map[string]int{}
	for i := range outs {
		for _, line := range strings.Split(outs[i].String(), "\n") {
			f := strings.Fields(line)
			switch {
			case len(f) == 2 && f[0] == "won":
				wins[f[1]]++
			case len(f) > 0 && f[0] == "error":
				t.Fatalf("process %d: %s", i, line)
			}
		}
	}
	for i := 0; i < n; i++ {
		if id := "C" + strconv.Itoa(i); wins[id] != 1 {
			t.Fatalf("order %s has %d winners", id, wins[id])
		}
	}
}

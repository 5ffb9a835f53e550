package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"cuifu/queue"
	"cuifu/queue/words"
)

// A replay names the order a snooze, a claim or a release went through when it is that
// action's follow on another of the buyer's orders, as it does for a group touch.
func TestReplayNamesTheLeadOfAFollow(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	for _, kind := range []queue.EventKind{queue.EventSnooze, queue.EventClaim, queue.EventRelease} {
		lead := queue.Event{Kind: kind, Order: queue.OrderKey{ID: "A"}, Until: shopNow.Unix(), UID: "u"}
		follow, ok := queue.GroupFollow(&lead, queue.OrderKey{ID: "B"})
		if !ok {
			t.Fatalf("%s: no follow", kind)
		}
		for _, l := range []queue.Lang{queue.LangZH, queue.LangEN} {
			if got := EventWords(&follow, l, loc); !strings.HasSuffix(got, fmt.Sprintf(words.For(l).GroupedIn, "A")) {
				t.Errorf("%s %v: the follow reads %q", kind, l, got)
			}
			if got := EventWords(&lead, l, loc); strings.Contains(got, fmt.Sprintf(words.For(l).GroupedIn, "A")) {
				t.Errorf("%s %v: the lead's own event names a lead: %q", kind, l, got)
			}
		}
	}
}

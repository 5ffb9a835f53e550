// Package words holds every word cuifu shows a person, one file per language (zh.go, en.go):
// the workstation's text, the queue's labels, the command line's answers and the meaning of
// the store's refusal codes. Code elsewhere picks a language's table with For and writes no
// sentence of its own; stored things (rule breaks, reasons) are codes these tables put into
// words.
//
// A text with % verbs is a fmt format: both languages take the same arguments, in the order
// the field's comment gives (explicit indexes, %[2]s, reorder them). words_test.go checks
// that, that no text is left empty, and that neither language carries the other's words.
package words

// Lang is the language of the words cuifu shows: Chinese by default, English with --lang en.
type Lang uint8

// The languages.
const (
	ZH Lang = iota
	EN
)

// For returns the table of a language.
func For(l Lang) *Words {
	if l == EN {
		return &en
	}
	return &zh
}

// Words is every user-facing text of one language. Slices are indexed by the queue's enum
// the comment names (each has one entry per value); maps by the stable code.
type Words struct {
	// Queue labels.
	Why        []string // the reasons of a row, in the order queue.Explain lists them
	Block      []string // by queue.Block; [0] (not blocked) is empty in both
	Channel    []string // by queue.Channel
	Section    []string // by queue.Section
	SectionTag []string // the one-cell mark of each section in the list
	GroupLead  string   // what a lead stands for besides itself: orders, yuan ("+2单 共¥389.00")
	GroupedIn  string   // a grouped row, or a group touch in the replay: the lead's order
	// Shipping is the double-shipping reason with the amount charged again, yuan ("运费重复 ¥8.00").
	Shipping   string
	Phase      []string          // by queue.Phase
	SaleName   map[string]string // the built-in sales by queue.Sale's Builtin code: 618, 1111, 1212, day
	Platform   []string          // by queue.Platform
	Result     []string          // by queue.Result; [0] is "none"
	Rule       []string          // by queue.ChannelRule
	SMSKind    []string          // by queue.SMSKind
	Flag       []string          // replay audit flags, in the order queue.FlagWords lists them
	Reason     map[string]string // by reason code (queue.ReasonService, …, queue.CallbackAnyone, complaint)
	Break      map[string]string // by queue.Break code
	ClosingNow string
	CloseIn    string // the time left (queue.Span)
	WindowFrom string // the channel, the time its window opens
	BigAmount  string // an amount of BigUnit or more: whole units, then tenths ("¥%d.%d万")
	BigUnit    int64  // the yuan in that unit: 10000 (万) or 1000 (k)

	// Refusals of the store, by data.Code: (order or event, who, until) as the code has them.
	Refusal map[string]string

	// The workstation.
	AppTitle, Loading, FilterPlaceholder string
	TooSmall                             string // width, height, min width, min height
	QueueDelta                           string // orders more (+) or fewer
	LeftQueue                            string // count, yuan, names
	ListSep                              string
	NotLogged                            string // the error
	StoreError                           string // the error
	Logged, WarningSep, WarningJoin      string
	SnoozedUntil, Claimed, Released      string
	Revealed, ScriptCopied               string
	OptedOutNoContact, Importing         string
	Pending                              string // the order
	NothingToReveal                      string // the order: its phone came masked or empty
	Copied                               string // what was copied
	ColleagueClaimed                     string // who, the order
	ColleagueTouched                     string // who, the order, channel and result
	ColleagueUndid                       string // who, the order, channel and result of the contact taken back
	ColleagueOverrode                    string // who, the order I hold, channel and result
	ColleagueSnoozed                     string // who, the order I hold, until when: over my claim
	NothingToUndo                        string
	QuitWhenSaved                        string   // the key that quits at once
	Undone                               string   // the event, the order
	FilterStatus                         string   // the filter, rows shown
	AttemptMenu                          string   // the menu's title: the channel
	AttemptItems, OutcomeItems           []string // each key with what it does, kept whole on a line
	SnoozeMenu, PastClose                string
	SnoozeHour, SnoozeNextOpen           string
	SnoozeTomorrow                       string
	SnoozePastClose                      string // the order, its close
	OutcomeMenu, DeclineMenu, Cancel     string
	ImportSummary                        string // file, new, updated, paid, closed, rejected
	ReplayImport                         string // file, platform, encoding, new, updated, paid, closed, unchanged, rejected
	ImportFailed                         string // where the file went, why
	InboxStuck                           string // the file, why it stayed in the inbox

	// The header.
	QuietHours string
	Counts     []string // due, upcoming, blocked, each with its count; a narrow header drops them from the end
	Tally      string   // contacts, recovered, yuan, rate
	TallyShort string   // the same in fewer words, for a header too narrow for Tally
	Lift       string   // before the day's lift against the holdout

	// The list.
	ColAmount, ColAge, ColCloses, ColSeg, ColChan, ColWhy string
	ColBuyer, ColItem                                     string
	ColOrder                                              string // the replay's order numbers
	EmptyQueueHowTo                                       string // the inbox folder
	NoMatch                                               string // the key that shows all again
	NewStore                                              string // the path
	EmptyQueue, From                                      string
	FromTomorrow                                          string // the time: an upcoming order due tomorrow
	SegNew, SegReturning, SegHigh, SegLow                 string

	// The detail pane.
	NoSelection, Order, NoPhone, Items, Buyer string
	Note                                      string // before the buyer's message and notes
	BuyerOrders                               string // orders, paid
	DetailLoading, ServedBy, ClaimedBy        string
	Contacts, NoneYet, Advice, Blocked        string
	DetailGroup                               string // before the buyer's other open orders a contact touches too
	ShippingTwice                             string // the shipping charged again, in yuan
	FillCombined                              string // a script's line for a buyer with several open orders: how many
	FillCombinedApart                         string // FillCombined where the platform pays each order on its own (Shopify): how many
	FillUnpaid                                string // {unpaid}: the order is not paid yet, as the platform's order list says it (待付款)
	FillUnpaidApart                           string // FillUnpaid on a platform with no list of unpaid orders (Shopify)
	ScriptN                                   string // n, of, id
	SMSParts                                  string // parts, characters
	NoSignature, NoScript                     string // why a row has no script

	// What a script's variables are filled with (package scripts). A count (%d) is never more
	// than the time left: "1个多小时" is over one hour and under two.
	SpanNone, SpanUnderMinute          string
	SpanMinute, SpanMinutes            string // minutes
	SpanHour, SpanHours                string // whole hours
	SpanOverHour, SpanOverHours        string // hours, with minutes over
	SpanDay, SpanDays                  string // whole days
	SpanOverDay, SpanOverDays          string // days, with hours over
	HelloQin, HelloNin                 string // the register's greeting: 亲, 您好
	BuyerRef                           string // a buyer known only by an e-mail or a phone, shown by a neutral id: the id
	HelloName                          string // the receiver's real name
	FillItem, FillShop, FillSaleEnds   string // when the order or the shop does not say
	DefaultShop                        string // the shop's name while the config leaves it at 本店
	FillGift, FillCushion, FillReturns string
	FillReturnsExcept                  string            // the returns policy's exclusions
	FillDeadline                       string            // a Go time layout
	PhoneStep                          map[string]string // by step name: listen, understand, suggest, remind

	// The keys' help.
	KeyUp, KeyDown, KeyPageUp, KeyPageDown, KeyTop, KeyBottom   string
	KeyFilter, KeyCopy, KeyNextScript, KeyAttempt, KeyOutcome   string
	KeySnooze, KeyClaim, KeyReveal, KeyHelp, KeyQuit, KeyCancel string
	KeyCopyOrder, KeyCopyBuyer, KeyChannel, KeyApply            string
	KeyUndo, KeyPromiseMine, KeyPromiseAnyone                   string

	// The workstation: a refused contact logged over the claim, the contact history, the
	// quick filters, notes and complaints.
	KeyOverride, OverrideHint, Overrode string   // OverrideHint: the key; Overrode: the claim's holder
	KeyHistory, HistoryTitle            string   // HistoryTitle: the first line shown, the lines
	KeyQuick, QuickMenu, QuickStatus    string   // QuickStatus: the quick filter, the rows it shows
	Quick                               []string // the quick filters: all, mine, IM, SMS, phone, callbacks due, claimed
	KeyNote, NotePrompt, NoteAdded      string   // NoteAdded: the note
	KeyComplaint                        string

	// The shift replay.
	EvClaim, EvRelease, EvSnooze, EvReveal, EvImport, EvBlacklist, EvUnblacklist, EvHoldout, EvRevoke, EvRevoked string
	// EvReason is a reason after what it explains: 婉拒(服务顾虑), declined (service concern).
	EvReason                                                                    string
	ScriptLine                                                                  string // script, touched, recovered, rate, yuan, median to payment
	StatsLine                                                                   string // operator, contacts, orders, recovered, rate, yuan, median
	ReplayTooSmall                                                              string // min width, min height
	Paused, Playing, Everyone, ReplayTitle                                      string
	KeyPlay, KeyNext, KeyPrev, KeyBack, KeyAhead, KeyStart, KeyEnd, KeyOperator string

	// ReplayAbsent is the line under the replay's queue when the selected event's order is
	// not in it at that moment: the order, then why (one of Absent).
	ReplayAbsent string
	Absent       []string // by queue.Absence, from [0], in the queue

	// The command line.
	CLIWarning, CLILogged, CLIClaimed, CLILease, CLIReleased, CLIRevoked, CLILoggedAs string
	CLIHintSep, CLIForceHint                                                          string
	CLIAmbiguousOrder                                                                 string // the number typed, the platform:number choices
	CLIOverride                                                                       string // the claim's holder
	CLIBlacklisted, CLIUnblacklisted                                                  string
	CLIWriting, CLINothingLogged, CLIQueueEmpty                                       string
	CLIReplayLoading                                                                  string // orders read so far
	WaitImport                                                                        string // a write waits on another process's import
	NotEnoughData                                                                     string // where a number cannot be given yet
	CLINoContacts                                                                     string
	CLIQueueHead                                                                      []string
	// The report's columns: the first ten, then the table's lift columns or the CSV's (the
	// lift and its bounds as plain percentage points).
	CLIReportHead, CLIReportLift, CLIReportCSVLift []string
	// The payroll CSV's ten columns. The English names are the columns scripts read
	// (TestPayrollScenario).
	CLIPayrollHead  []string
	CLIPayrollWrote string // the file written, its rows
	// PayrollBelowZero ends the arithmetic of a bonus below zero: the complaints' deduction
	// (yuan) is more than what was earned (yuan), and the rule sets no floor.
	PayrollBelowZero string
	// The report's cells: a lift in percentage points (signed), a median time to payment
	// (minutes; hours, minutes), and the parts of a segment group (band/first-time or
	// returning) by code.
	CLIPoints, CLIMinutes, CLIHoursMinutes string
	ReportSegment                          map[string]string
	// A bad command line, by the code ui/cli names it (usage.go lists each code's
	// arguments), and how a flag's choices are listed: all but the last, the last.
	CLIUsage map[string]string
	CLIOr    string

	// An import's refusals, by the code data/exports names them (its comments list each
	// code's arguments), and open_missing, open_denied, unreadable for a file that cannot be
	// opened; the exports' kinds by code; a refused file's reason, then the kinds it expects.
	Import         map[string]string
	ImportKind     map[string]string
	ImportAtLine   string // the line
	ImportExpected string // the file and why, the kinds
	ImportKindCols string // a kind, its columns
	ImportKindSep  string
	CLINotImported string // files not imported, files named

	// The script linter's problems, by the code package scripts names them (its comments
	// and finds list each code's arguments); a rule's reason comes last. Then a clean
	// check (what was checked), the built-in library's name, and the count of problems.
	Lint                   map[string]string
	LintClean, LintBuiltin string
	LintProblems           string

	// The command line's other errors, by code (ui/cli: failure), with their facts.
	CLIError map[string]string

	// The config file's errors (queue.ConfigError), by code: the setting's key, its value as
	// read, then the code's own facts. ConfigAt places one in its file (path, line, text),
	// ConfigIn in its file when the line is not known (path, text).
	ConfigError        map[string]string
	ConfigAt, ConfigIn string

	// The team server.
	ServeNoPTY    string // the ssh command to connect with
	ServeShutdown string

	// The supervisor's team board.
	BoardTitle                             string // shop time
	BoardPeople                            string // how many are connected
	BoardOn                                string // operator, role, minutes connected, the order they are on
	BoardIdle                              string // operator, role, minutes connected
	BoardDue                               string // due, upcoming, blocked
	BoardOldest                            string // the oldest due order, how long ago it was placed
	BoardToday                             string
	BoardNoStats                           string
	BoardLoading                           string
	KeyBoard, KeyBoardBack, KeyBoardReplay string // the board's keys
	RoleSpecialist                         string
	RoleSupervisor                         string
}

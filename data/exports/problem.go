package exports

import (
	"fmt"
	"strings"

	"cuifu/queue"
)

// Code names why a file or a row of an export was refused. Codes are stable: the ui puts
// them into the user's words (the words tables' Import, by code), and tests compare them.
type Code string

// Why a whole file is refused (FileError). Each comment lists the code's Args.
const (
	CodeUnreadable   Code = "unreadable"      // the system's error
	CodeEmpty        Code = "empty"           //
	CodeWorkbookCSV  Code = "workbook_csv"    // (an xlsx workbook under another name)
	CodeBinary       Code = "binary"          //
	CodeNoHeaderLine Code = "no_header_line"  // the reader's error
	CodeNoHeader     Code = "no_header"       // its first columns, joined with ", "
	CodeMissingCols  Code = "missing_columns" // the export's kind (a Kind code), the missing columns
	CodeNUL          Code = "nul"             // (Line)
	CodeNotUTF8      Code = "not_utf8"        // (Line)
	CodeNotGB18030   Code = "not_gb18030"     // (Line)
	CodeMixed        Code = "mixed_encoding"  // (Line): a UTF-8 line in a GB18030 file
	CodeUTF8First    Code = "utf8_first"      // (Line): a file in UTF-8 up to this line, then not
	CodeCutChar      Code = "cut_character"   // (Line): the file ends inside a character
	CodeCutQuote     Code = "cut_quote"       // (Line): the file ends inside a quoted field
	CodeCutRow       Code = "cut_row"         // (Line): the file ends, with no line end, short of a row
	CodeNotWorkbook  Code = "not_workbook"    // (named .xlsx)
	CodeBadWorkbook  Code = "bad_workbook"    // the reader's error
	CodeCutWorkbook  Code = "cut_workbook"    // (a workbook whose zip is cut short)
	CodeNoSheet      Code = "no_sheet"        //
	CodeBadSheet     Code = "bad_sheet"       // the reader's error
)

// Why a row is skipped (RowError). Each comment lists the code's Args; values from the
// export are cut to queue.FieldLimit.
const (
	CodeCSV           Code = "csv"                     // the CSV reader's error
	CodeCSVQuote      Code = "csv_quote"               // (a quote out of place in a quoted field)
	CodeNoID          Code = "no_order_number"         //
	CodeBadID         Code = "bad_order_number"        // the value
	CodeIDNotNumber   Code = "order_number_not_number" // the value
	CodeNotAmount     Code = "not_amount"              // the column, the value
	CodeAmountRange   Code = "amount_range"            // the column, the value, the most in yuan
	CodeNotDate       Code = "not_date"                // the column, the value
	CodeYearRange     Code = "year_range"              // the column, the value, the first and last year
	CodeNotQuantity   Code = "not_quantity"            // the column, the value
	CodeMissingValue  Code = "missing_value"           // the column
	CodeUnknownStatus Code = "unknown_status"          // the value, the platform (its config section)
	CodeStageAmount   Code = "stage_amount"            // the column, the value
	CodeUnknownStage  Code = "unknown_stage"           // the value, the column
	CodeOrphanLine    Code = "orphan_line"             // the order
	CodeNotInStore    Code = "not_in_store"            // the order (an item-detail row; package data)
)

// RowError is a row the import skipped: where, and why as a code and its facts.
type RowError struct {
	File string
	Line int
	Code Code
	Args []string
}

// Error gives the code and its facts, for logs and tests; the ui says it in words.
func (e RowError) Error() string {
	return fmt.Sprintf("%s:%d: %s", queue.Sanitize(e.File), e.Line, plain(e.Code, e.Args))
}

// FileError refuses a whole file: it cannot be read as an export at all. The store must
// stay unchanged. Line is the line that refused it, where one did (0 otherwise).
type FileError struct {
	File string
	Line int
	Code Code
	Args []string
	Err  error // the system's error behind CodeUnreadable, so the ui can say which it is
}

// Unwrap gives the system's error behind an unreadable file, or nil.
func (e *FileError) Unwrap() error { return e.Err }

// Error gives the code and its facts, for logs and tests; the ui says it in words.
func (e *FileError) Error() string {
	at := ""
	if e.Line > 0 {
		at = fmt.Sprintf(" line %d", e.Line)
	}
	return fmt.Sprintf("%s:%s %s", queue.Sanitize(e.File), at, plain(e.Code, e.Args))
}

func plain(c Code, args []string) string {
	if len(args) == 0 {
		return string(c)
	}
	return string(c) + " " + queue.SafeText(strings.Join(args, " | "))
}

// Kind is one kind of export the reader knows: a code for its name in words, and the
// columns that tell it (a column with several names lists them joined by "/").
type Kind struct {
	Code    string
	Columns []string
}

// Kinds lists the exports the reader knows, in the order it tries them.
func Kinds() []Kind {
	out := make([]Kind, 0, len(layouts))
	for _, l := range layouts {
		var cols []string
		for _, c := range signatures[l] {
			cols = append(cols, strings.ReplaceAll(c, "|", "/"))
		}
		out = append(out, Kind{Code: l.kind, Columns: cols})
	}
	return out
}

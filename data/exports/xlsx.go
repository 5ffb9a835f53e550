package exports

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"
)

// IsWorkbook reports whether a file name says Excel workbook (.xlsx).
func IsWorkbook(name string) bool { return strings.EqualFold(filepath.Ext(name), ".xlsx") }

// sheetRows reads the first sheet of a workbook, row by row, under the same header rules as
// a CSV file.
type sheetRows struct {
	f    *excelize.File
	rows *excelize.Rows
	line int
}

// openWorkbook opens an .xlsx export, or refuses a file that is not one.
func openWorkbook(name string, r io.Reader) (*sheetRows, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, &FileError{File: name, Code: CodeUnreadable, Args: []string{err.Error()}, Err: err}
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, &FileError{File: name, Code: CodeEmpty}
	}
	if !bytes.HasPrefix(b, zipMagic) {
		return nil, &FileError{File: name, Code: CodeNotWorkbook}
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if errors.Is(err, zip.ErrFormat) {
		// The zip's directory, at its end, is missing: a download that broke off.
		return nil, &FileError{File: name, Code: CodeCutWorkbook, Err: err}
	}
	if err != nil {
		return nil, &FileError{File: name, Code: CodeBadWorkbook, Args: []string{err.Error()}}
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, &FileError{File: name, Code: CodeNoSheet}
	}
	rows, err := f.Rows(sheets[f.GetActiveSheetIndex()%len(sheets)])
	if err != nil {
		f.Close()
		return nil, &FileError{File: name, Code: CodeBadSheet, Args: []string{err.Error()}}
	}
	return &sheetRows{f: f, rows: rows}, nil
}

func (s *sheetRows) next() ([]string, int, error) {
	for s.rows.Next() {
		s.line++
		row, err := s.rows.Columns()
		if err != nil {
			return nil, s.line, err
		}
		return row, s.line, nil
	}
	if err := s.rows.Error(); err != nil {
		return nil, s.line, err
	}
	return nil, s.line, io.EOF
}

func (s *sheetRows) close() {
	s.rows.Close()
	s.f.Close()
}

package cli

import (
	"fmt"
	"io"

	"cuifu/scripts"
)

// ScriptsCheck lints a script directory (the built-in library when dir is ""), prints each
// problem as file:line: message, and fails with exit status 1 when there is any.
func ScriptsCheck(dir string, stdout io.Writer) error {
	probs, err := scripts.Check(dir)
	if err != nil {
		return fmt.Errorf("scripts check: %w", err)
	}
	for _, p := range probs {
		fmt.Fprintln(stdout, p)
	}
	if len(probs) > 0 {
		return ExitError{Code: 1, Err: fmt.Errorf("scripts check: %d problems", len(probs))}
	}
	name := dir
	if name == "" {
		name = "the built-in scripts"
	}
	fmt.Fprintf(stdout, "%s: no problems\n", name)
	return nil
}

package parser

import "fmt"

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
func sprint(v any) string                       { return fmt.Sprint(v) }

// Package shapes collects functions whose parameter shapes are awkward for a
// fuzz harness generator, each guarding a real cold branch:
//
//   - constructors plus value- and pointer-receiver methods (Queue)
//   - struct and *struct parameters (Quote, Normalize)
//   - slices, maps and variadics (Sum, Lookup, Join, Max)
//   - named types and an alias (Level, Token, Score)
//   - context.Context, io.Reader, time.Duration and *url.URL (Copy, Backoff, Endpoint)
//   - generics: a generic function (Max) and a generic type (Stack[T])
//   - func and chan parameters that cannot be fuzzed and must be skipped
//     (Each, Drain, Guard)
//   - a Format/ParsePoint pair for round-trip properties
//   - a package-level func literal (normalizeName), closures inside
//     functions, and an else-if chain (Grade)
//
// The tests exercise the happy path of each; the guarded branches noted in
// comments are never reached by them.
package shapes

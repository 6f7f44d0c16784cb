; Top-level type declarations, one match per spec, so `type ( A int; B = A )` gives two.
; type_spec is `type X T` / `type X[T any] T`; type_alias is `type A = B` (alias: true).
; Types declared inside function bodies are local and not indexed.
(source_file
  (type_declaration
    [
      (type_spec)
      (type_alias)
    ] @spec))

; Top-level var specs that have values, one match per spec, both the single form
; (`var magic = []byte("HSCF")`) and grouped specs (`var ( a = 1; b = "x" )`, where the specs sit
; in a `var_spec_list`). Constraint mining treats a var initialised with a literal (or a
; `[]byte("..")` conversion of one) as a constant. `name` also yields the `,` tokens of
; `var a, b = 1, 2`: the code filters them.
(source_file
  (var_declaration
    (var_spec value: (_)) @spec))
(source_file
  (var_declaration
    (var_spec_list
      (var_spec value: (_)) @spec)))

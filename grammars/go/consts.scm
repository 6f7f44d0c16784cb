; Top-level const declarations, one match per DECLARATION (not per spec): iota and the
; implicit repetition of the previous spec's type and values are scoped to one group, so the
; code walks the group's const_spec children in order. Note that const_spec's `name` field
; also yields the anonymous `,` tokens between names (`const A, B = 1, 2`): filter them.
(source_file
  (const_declaration) @group)

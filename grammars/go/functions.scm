; Top-level functions and methods: only DIRECT children of source_file, so func literals
; (handled by the body walk) and declarations swallowed by an ERROR node are not matched.
; Fields (name, receiver, type_parameters, parameters, result, body) are read in code with
; child_by_field_name: a query with every optional field spelled out reads worse.
(source_file
  [
    (function_declaration)
    (method_declaration)
  ] @function)

; One match per import spec, single (`import "fmt"`) or grouped (`import ( ... )`).
; @name is optional: a package_identifier (`foo "x/y"`), blank_identifier (`_`) or dot (`.`).
; @path is the string literal WITH its quotes (interpreted or raw); the code strips them.
(import_spec
  name: (_)? @name
  path: (_) @path) @import

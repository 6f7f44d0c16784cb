; The package clause: `package order`.
(package_clause
  (package_identifier) @name)

//! Go facts about fuzzable types: the argument types `f.Fuzz` accepts and the native type that
//! instantiates a type-parameter constraint. Whether a whole target can be driven is decided by
//! the planner (`plan::decide_fuzzability`), after the analysis.

/// The go names `f.Fuzz` accepts.
pub const NATIVE_FUZZ_TYPES: &[&str] = &[
    "[]byte", "string", "bool", "byte", "rune", "float32", "float64", "int", "int8", "int16",
    "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64",
];

/// A native type that satisfies a type-parameter constraint, if heatseed can pick one.
pub fn instantiation(constraint: &str) -> Option<&'static str> {
    let c = constraint.trim();
    match c {
        "any" | "interface{}" | "comparable" | "cmp.Ordered" | "constraints.Ordered" => Some("int"),
        "constraints.Integer" | "constraints.Signed" => Some("int"),
        "constraints.Unsigned" => Some("uint"),
        "constraints.Float" => Some("float64"),
        _ => {
            // Union of terms: pick the first native one (`~int | ~string`).
            c.split('|')
                .map(|t| t.trim().trim_start_matches('~'))
                .find_map(|t| NATIVE_FUZZ_TYPES.iter().copied().find(|n| *n == t))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraints_pick_a_native_instantiation() {
        assert_eq!(instantiation("cmp.Ordered"), Some("int"));
        assert_eq!(instantiation("~string | ~[]byte"), Some("string"));
        assert_eq!(instantiation("fmt.Stringer"), None);
    }
}

//! Go facts about fuzzable types: the native type that instantiates a type-parameter
//! constraint (the argument types `f.Fuzz` accepts are [`FuzzType`]). Whether a whole target
//! can be driven is decided by the planner (`plan::decide_fuzzability`), after the analysis.

use crate::gotypes::FuzzType;

/// A native type that satisfies a type-parameter constraint, if heatseed can pick one.
pub fn instantiation(constraint: &str) -> Option<FuzzType> {
    let c = constraint.trim();
    match c {
        "any" | "interface{}" | "comparable" | "cmp.Ordered" | "constraints.Ordered" => {
            Some(FuzzType::Int)
        }
        "constraints.Integer" | "constraints.Signed" => Some(FuzzType::Int),
        "constraints.Unsigned" => Some(FuzzType::Uint),
        "constraints.Float" => Some(FuzzType::Float64),
        _ => {
            // Union of terms: pick the first native one (`~int | ~string`).
            c.split('|')
                .map(|t| t.trim().trim_start_matches('~'))
                .find_map(FuzzType::parse)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraints_pick_a_native_instantiation() {
        assert_eq!(instantiation("cmp.Ordered"), Some(FuzzType::Int));
        assert_eq!(instantiation("~string | ~[]byte"), Some(FuzzType::String));
        assert_eq!(instantiation("~uintptr | ~uint8"), Some(FuzzType::Uint8));
        assert_eq!(instantiation("fmt.Stringer"), None);
    }
}

//! Mutations of one parent seed toward one cold goal, from the source: the goal's hints (the
//! literals its guards and the guards on its path compare with, the integers, the lengths) and
//! the sibling tokens (literals of the other goals of the same function, the values the input
//! likely already holds where it reached a neighbouring branch).
//!
//! Operators, in priority order (the list is capped, so order matters):
//! 1. the goal's tokens combined in order (nested guards: a prefix then a value), with each
//!    integer hint and its neighbours appended;
//! 2. input-to-state substitution: a sibling token found in the input replaced by a goal
//!    token (where the input already flows to a comparison, put the compared value there);
//! 3. digit runs of the input replaced by each integer hint, plus and minus one;
//! 4. splices: a goal token before, after, instead of the input, and after its first
//!    separators;
//! 5. lengths: the input cut or padded to each length hint, plus and minus one; doubled, halved;
//! 6. numeric arguments set to each integer hint, plus and minus one, then to small values
//!    (1 to 4, -1: selectors such as an enum byte or a destination's kind).
//!
//! Pure and deterministic: same parent and hints, same list.

use crate::values::Value;

/// What a goal's guards compare with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hints {
    /// Text tokens in path order (outer guards first), no duplicates.
    pub tokens: Vec<Vec<u8>>,
    /// Integer literals compared with values (not lengths).
    pub ints: Vec<i128>,
    /// Lengths compared with `len(...)`.
    pub lens: Vec<i64>,
}

impl Hints {
    pub fn merge(&mut self, o: &Hints) {
        for t in &o.tokens {
            if !self.tokens.contains(t) {
                self.tokens.push(t.clone());
            }
        }
        for i in &o.ints {
            if !self.ints.contains(i) {
                self.ints.push(*i);
            }
        }
        for l in &o.lens {
            if !self.lens.contains(l) {
                self.lens.push(*l);
            }
        }
    }
}

/// Values every numeric argument also tries, after the goal's integers.
const SMALL: &[i128] = &[1, 2, 3, 4, -1];

/// Bytes that usually separate fields of a text input.
const SEPARATORS: &[u8] = b" \n\t,;:=/.&|";

/// Mutated argument tuples of `parent` (never `parent` itself), at most `cap`: the numeric
/// ones keep up to a quarter of the places, the text ones take the rest.
pub fn mutations(
    parent: &[Value],
    goal: &Hints,
    siblings: &[Vec<u8>],
    cap: usize,
) -> Vec<Vec<Value>> {
    let push = |t: Vec<Value>, out: &mut Vec<Vec<Value>>| {
        if t != parent && !out.contains(&t) {
            out.push(t);
        }
    };
    let mut text: Vec<Vec<Value>> = Vec::new();
    for (i, v) in parent.iter().enumerate() {
        let Some(bytes) = text_of(v) else { continue };
        for m in text_mutations(bytes, goal, siblings) {
            let mut t = parent.to_vec();
            t[i] = with_text(v, m);
            push(t, &mut text);
        }
    }
    // Small values too: selectors (enum bytes, a destination's kind) and counters.
    let mut ints = neighbours(&goal.ints);
    for k in SMALL {
        if !ints.contains(k) {
            ints.push(*k);
        }
    }
    let mut numeric: Vec<Vec<Value>> = Vec::new();
    for (i, v) in parent.iter().enumerate() {
        for &k in &ints {
            if let Some(n) = v.with_int(k) {
                let mut t = parent.to_vec();
                t[i] = n;
                push(t, &mut numeric);
            }
        }
    }
    let numeric_share = numeric
        .len()
        .min(cap / 4)
        .max(cap.saturating_sub(text.len()));
    text.truncate(cap.saturating_sub(numeric_share.min(numeric.len())));
    let mut out = text;
    for t in numeric {
        if out.len() < cap && !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// K, K+1, K-1 of every integer hint.
fn neighbours(ints: &[i128]) -> Vec<i128> {
    let mut out = Vec::new();
    for &k in ints {
        for n in [k, k.saturating_add(1), k.saturating_sub(1)] {
            if !out.contains(&n) {
                out.push(n);
            }
        }
    }
    out
}

/// Text mutations of one string or byte argument, in operator order.
fn text_mutations(v: &[u8], goal: &Hints, siblings: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = Vec::new();
    let nums: Vec<Vec<u8>> = neighbours(&goal.ints)
        .iter()
        .map(|k| k.to_string().into_bytes())
        .collect();
    // 1. Nested guards combined: every token in path order, then each number.
    if !goal.tokens.is_empty() {
        let all: Vec<u8> = goal.tokens.concat();
        out.push(all.clone());
        for n in &nums {
            let last_is_number = goal.tokens.last().is_some_and(|t| goal_number(t, goal));
            let head = if last_is_number {
                goal.tokens[..goal.tokens.len() - 1].concat()
            } else {
                all.clone()
            };
            out.push([head, n.clone()].concat());
        }
    }
    // 2. Input-to-state: a sibling literal present in the input replaced by a goal token.
    for s in siblings.iter().chain(&goal.tokens) {
        if s.is_empty() || (s.len() == 1 && s[0].is_ascii_alphanumeric()) {
            continue;
        }
        let Some(at) = find(v, s) else { continue };
        for t in goal.tokens.iter().filter(|t| *t != s) {
            out.push([&v[..at], t.as_slice(), &v[at + s.len()..]].concat());
            out.push(replace_all(v, s, t));
        }
    }
    // 3. Digit runs replaced by the integer hints.
    for (a, b) in digit_runs(v).into_iter().take(3) {
        for n in &nums {
            out.push([&v[..a], n.as_slice(), &v[b..]].concat());
        }
    }
    // 4. Splices.
    for t in &goal.tokens {
        out.push([t.as_slice(), v].concat());
        out.push([v, t.as_slice()].concat());
        out.push(t.clone());
        for at in v
            .iter()
            .enumerate()
            .filter(|(_, c)| SEPARATORS.contains(c))
            .map(|(i, _)| i + 1)
            .take(2)
        {
            out.push([&v[..at], t.as_slice(), &v[at..]].concat());
        }
    }
    // 5. Lengths.
    for &l in &goal.lens {
        for n in [l, l + 1, l - 1] {
            if let Ok(n) = usize::try_from(n) {
                out.push(resize(v, n.min(1 << 16)));
            }
        }
    }
    if !v.is_empty() {
        out.push([v, v].concat());
        out.push(v[..v.len() / 2].to_vec());
    }
    out
}

/// The token is the decimal text of one of the goal's integers.
fn goal_number(t: &[u8], goal: &Hints) -> bool {
    goal.ints.iter().any(|k| k.to_string().as_bytes() == t)
}

fn find(h: &[u8], n: &[u8]) -> Option<usize> {
    memchr::memmem::find(h, n)
}

fn replace_all(v: &[u8], s: &[u8], t: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(v.len());
    let mut i = 0;
    while i < v.len() {
        if v[i..].starts_with(s) {
            out.extend_from_slice(t);
            i += s.len();
        } else {
            out.push(v[i]);
            i += 1;
        }
    }
    out
}

/// `[start, end)` of each maximal run of ASCII digits.
fn digit_runs(v: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < v.len() {
        if v[i].is_ascii_digit() {
            let s = i;
            while i < v.len() && v[i].is_ascii_digit() {
                i += 1;
            }
            out.push((s, i));
        } else {
            i += 1;
        }
    }
    out
}

/// `v` cut to `n` bytes or padded with its last byte (`a` when empty).
fn resize(v: &[u8], n: usize) -> Vec<u8> {
    let mut out: Vec<u8> = v.iter().copied().take(n).collect();
    let pad = v.last().copied().unwrap_or(b'a');
    out.resize(n, pad);
    out
}

fn text_of(v: &Value) -> Option<&[u8]> {
    match v {
        Value::String(b) | Value::Bytes(b) => Some(b),
        _ => None,
    }
}

/// `v`'s text type (`[]byte` or string) holding `b`.
pub(crate) fn with_text(v: &Value, b: Vec<u8>) -> Value {
    match v {
        Value::Bytes(_) => Value::Bytes(b),
        _ => Value::String(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Value {
        Value::String(x.as_bytes().to_vec())
    }

    fn texts(m: &[Vec<Value>]) -> Vec<String> {
        m.iter()
            .map(|t| match &t[0] {
                Value::String(b) => String::from_utf8_lossy(b).into_owned(),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn nested_guards_are_combined_prefix_then_number() {
        let goal = Hints {
            tokens: vec![b"size=".to_vec(), b"500".to_vec()],
            ints: vec![500],
            lens: vec![],
        };
        let m = texts(&mutations(&[s("x")], &goal, &[], 64));
        assert_eq!(m[0], "size=500");
        assert!(m.contains(&"size=501".to_string()), "{m:?}");
        assert!(m.contains(&"size=499".to_string()), "{m:?}");
    }

    #[test]
    fn a_sibling_literal_in_the_input_is_replaced_by_the_goal_token() {
        let goal = Hints {
            tokens: vec![b"fast".to_vec()],
            ..Default::default()
        };
        let siblings = vec![b"slow".to_vec()];
        let m = texts(&mutations(&[s("mode=slow;x=1")], &goal, &siblings, 64));
        assert!(m.contains(&"mode=fast;x=1".to_string()), "{m:?}");
        // Digit runs take the integer hints (none here) and splices follow.
        assert!(m.contains(&"fastmode=slow;x=1".to_string()), "{m:?}");
        assert!(m.contains(&"mode=fastslow;x=1".to_string()), "{m:?}");
    }

    #[test]
    fn digits_lengths_and_numeric_arguments_follow_the_hints() {
        let goal = Hints {
            tokens: vec![],
            ints: vec![42],
            lens: vec![3],
        };
        let m = mutations(
            &[s("n=7"), Value::Int(0), Value::Bool(true)],
            &goal,
            &[],
            64,
        );
        let t = texts(&m);
        assert!(t.contains(&"n=42".to_string()) && t.contains(&"n=43".to_string()));
        assert!(t.contains(&"n=77".to_string()), "padded to 4: {t:?}");
        assert!(m.iter().any(|x| x[1] == Value::Int(41) && x[0] == s("n=7")));
        assert!(!m.iter().any(|x| x[2] != Value::Bool(true)));
    }

    #[test]
    fn the_list_is_capped_deterministic_and_never_holds_the_parent() {
        let goal = Hints {
            tokens: vec![b"a".to_vec(), b"bb".to_vec()],
            ints: vec![1, 2, 3],
            lens: vec![4],
        };
        let p = [s("xx 12"), Value::Uint8(0)];
        let a = mutations(&p, &goal, &[b"xx".to_vec()], 10);
        assert_eq!(a.len(), 10);
        assert_eq!(a, mutations(&p, &goal, &[b"xx".to_vec()], 10));
        assert!(!a.contains(&p.to_vec()));
        // A uint8 argument takes only the hints that fit.
        let neg = Hints {
            ints: vec![-5, 300],
            ..Default::default()
        };
        let small: Vec<Vec<Value>> = (1..=4).map(|k| vec![Value::Uint8(k)]).collect();
        assert_eq!(mutations(&[Value::Uint8(0)], &neg, &[], 10), small);
    }
}

//! Inverting integer arithmetic with constant operands ([`Step::Arith`]) for the solver:
//! `x*3+7 == 100` is `x == 31`, `n-1 > 9000` is `n > 9001`, `len(s)*2 == 10` is `len(s) == 5`.
//!
//! The inversion is exact for `+`, `-` and `^`, and approximate (the nearest bound, plus a few
//! points around it) for the truncating and non-monotone operators (`*`, `/`, `%`, shifts,
//! masks). Either way it only proposes candidates: the solver keeps those the evaluator
//! ([`super::eval`]) accepts, so an approximation can cost a value, never give a wrong one.

use super::eval::{arith, Conc};
use super::{ArithOp, CmpOp, Step};

/// Predicates on the solved value and extra candidate points.
pub(crate) type Inverted = (Vec<(CmpOp, i128)>, Vec<i128>);

/// Most extra points kept per predicate.
const MAX_POINTS: usize = 32;

/// Predicates on the solved value for `f(value) op v`, `f` the `steps` (soft steps, which the
/// solver undoes by picking fixed points, and integer [`Step::Arith`]), inverted from the last
/// step to the first, with extra candidate points near the inverted bound. None when a step
/// is neither kind or cannot be inverted (a multiplication by zero, a constant divided by the
/// value).
pub(crate) fn int_preds(
    steps: &[Step],
    op: CmpOp,
    v: i128,
    soft: impl Fn(&Step) -> bool,
) -> Option<Inverted> {
    let (mut op, mut v) = (op, v);
    let mut points: Vec<i128> = Vec::new();
    for step in steps.iter().rev() {
        if soft(step) {
            continue;
        }
        let Step::Arith { op: aop, k, rev } = step else {
            return None;
        };
        let (nop, nv, mut extra) = invert(*aop, *k, *rev, op, v)?;
        for p in std::mem::take(&mut points) {
            if let Some((_, c, more)) = invert(*aop, *k, *rev, CmpOp::Eq, p) {
                extra.push(c);
                extra.extend(more);
            }
        }
        extra.dedup();
        extra.truncate(MAX_POINTS);
        (op, v, points) = (nop, nv, extra);
    }
    Some((vec![(op, v)], points))
}

/// One inverted step: `x aop k op v` (`k aop x op v` with `rev`) as `x op' v'`, with points.
fn invert(
    aop: ArithOp,
    k: i128,
    rev: bool,
    op: CmpOp,
    v: i128,
) -> Option<(CmpOp, i128, Vec<i128>)> {
    let near = |c: i128, step: i128| {
        let s = step.abs();
        vec![
            c.saturating_sub(s),
            c.saturating_sub(s) + 1,
            c - 1,
            c + 1,
            c.saturating_add(s) - 1,
            c.saturating_add(s),
        ]
    };
    Some(match (aop, rev) {
        (ArithOp::Add, _) => (op, v.checked_sub(k)?, Vec::new()),
        (ArithOp::Sub, false) => (op, v.checked_add(k)?, Vec::new()),
        (ArithOp::Sub, true) => (op.mirror(), k.checked_sub(v)?, Vec::new()),
        (ArithOp::Xor, _) => (op, v ^ k, Vec::new()),
        (ArithOp::Mul, _) if k != 0 => {
            let q = v / k;
            let op = if k > 0 { op } else { op.mirror() };
            (op, q, vec![q - 1, q + 1])
        }
        (ArithOp::Shl, false) if (0..63).contains(&k) => {
            let q = v >> k;
            (op, q, vec![q - 1, q + 1])
        }
        (ArithOp::Quo, false) if k != 0 => {
            let c = v.checked_mul(k)?;
            let op = if k > 0 { op } else { op.mirror() };
            (op, c, near(c, k))
        }
        (ArithOp::Shr, false) if (0..63).contains(&k) => {
            let c = v.checked_shl(k as u32)?;
            (op, c, near(c, 1 << k))
        }
        (ArithOp::Rem, false) if k != 0 => (op, v, near(v, k)),
        (ArithOp::And, _) => (op, v, vec![v & k]),
        (ArithOp::Or, _) => (op, v, vec![v & !k]),
        (ArithOp::AndNot, false) => (op, v, vec![v & !k]),
        _ => return None,
    })
}

/// True when every [`Step::Arith`] that `steps` apply directly to `v` (before any other step
/// but soft ones that keep the type) stays in `[lo, hi]`: Go computes in the value's own type
/// and wraps around, which the exact evaluator does not model, so such candidates are dropped.
pub(crate) fn arith_fits(steps: &[Step], v: i128, lo: i128, hi: i128) -> bool {
    let mut x = Conc::Int(v);
    for step in steps {
        match step {
            Step::Arith { op, k, rev } => match arith(*op, *k, *rev, x) {
                Some(Conc::Int(r)) if (lo..=hi).contains(&r) => x = Conc::Int(r),
                _ => return false,
            },
            Step::TrimSpace | Step::ToLower | Step::ToUpper => {}
            _ => return true,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ar(op: ArithOp, k: i128) -> Step {
        Step::Arith { op, k, rev: false }
    }

    fn soft(_: &Step) -> bool {
        false
    }

    #[test]
    fn affine_chains_invert_exactly() {
        // x*3+7 == 100  ->  x == 31
        let steps = [ar(ArithOp::Mul, 3), ar(ArithOp::Add, 7)];
        let (preds, _) = int_preds(&steps, CmpOp::Eq, 100, soft).unwrap();
        assert_eq!(preds, vec![(CmpOp::Eq, 31)]);
        // n-1 > 9000  ->  n > 9001
        let (preds, _) = int_preds(&[ar(ArithOp::Sub, 1)], CmpOp::Gt, 9000, soft).unwrap();
        assert_eq!(preds, vec![(CmpOp::Gt, 9001)]);
        // 10 - n < 3  ->  n > 7
        let rsub = Step::Arith {
            op: ArithOp::Sub,
            k: 10,
            rev: true,
        };
        assert_eq!(
            int_preds(&[rsub], CmpOp::Lt, 3, soft).unwrap().0,
            vec![(CmpOp::Gt, 7)]
        );
        // x * -2 >= 8  ->  x <= -4
        assert_eq!(
            int_preds(&[ar(ArithOp::Mul, -2)], CmpOp::Ge, 8, soft)
                .unwrap()
                .0,
            vec![(CmpOp::Le, -4)]
        );
    }

    #[test]
    fn truncating_operators_give_points_around_the_bound() {
        // x/4 > 3: the bound 12 itself fails, the points hold 15 and 16.
        let (preds, points) = int_preds(&[ar(ArithOp::Quo, 4)], CmpOp::Gt, 3, soft).unwrap();
        assert_eq!(preds, vec![(CmpOp::Gt, 12)]);
        assert!(points.contains(&16) && points.contains(&15));
        // x >> 2 == 5 -> 20..=23
        let (preds, points) = int_preds(&[ar(ArithOp::Shr, 2)], CmpOp::Eq, 5, soft).unwrap();
        assert_eq!(preds, vec![(CmpOp::Eq, 20)]);
        assert!(points.contains(&23));
        // a constant divided by the value is not inverted, nor is a product with zero
        let rquo = Step::Arith {
            op: ArithOp::Quo,
            k: 100,
            rev: true,
        };
        assert!(int_preds(&[rquo], CmpOp::Eq, 5, soft).is_none());
        assert!(int_preds(&[ar(ArithOp::Mul, 0)], CmpOp::Eq, 5, soft).is_none());
        assert!(int_preds(&[Step::Len], CmpOp::Eq, 5, soft).is_none());
    }

    #[test]
    fn results_outside_the_type_are_not_kept() {
        // uint8: b*2 for b = 200 wraps in Go (to 144); the exact 400 does not fit.
        let steps = [ar(ArithOp::Mul, 2)];
        assert!(!arith_fits(&steps, 200, 0, 255));
        assert!(arith_fits(&steps, 100, 0, 255));
        assert!(arith_fits(&[Step::Len, ar(ArithOp::Mul, 2)], 200, 0, 255));
    }
}

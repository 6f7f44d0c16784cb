use super::*;

const ORDER: &str = "example.com/shop/order";
const PAYMENT: &str = "example.com/shop/payment";
const MONEY: &str = "example.com/shop/internal/money";

/// A scratch copy of `corpus/shop` (its profile included).
fn shop() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("shop");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/shop");
    crate::writers::fsio::copy_tree(&src, &root).unwrap();
    (tmp, root)
}

fn fingerprints(root: &Path, salt: &str) -> BTreeMap<String, Hash> {
    let a = crate::targets::analyze_module(root);
    package_fingerprints(&a, root, salt)
}

/// Which packages' fingerprints differ between `a` and `b`.
fn changed(a: &BTreeMap<String, Hash>, b: &BTreeMap<String, Hash>) -> Vec<String> {
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    a.iter()
        .filter(|(k, v)| b[*k] != **v)
        .map(|(k, _)| k.clone())
        .collect()
}

fn append(p: &Path, text: &str) {
    let mut s = std::fs::read_to_string(p).unwrap();
    s.push_str(text);
    std::fs::write(p, s).unwrap();
}

#[test]
fn fingerprints_follow_what_each_package_depends_on() {
    let (_tmp, root) = shop();
    let base = fingerprints(&root, "opts");
    assert_eq!(base.len(), 3, "{base:?}");
    assert_eq!(
        changed(&base, &fingerprints(&root, "opts")),
        Vec::<String>::new()
    );
    assert_eq!(changed(&base, &fingerprints(&root, "other opts")).len(), 3);

    // A test file of one package: only that package.
    append(&root.join("order/order_test.go"), "\n// touched\n");
    let t1 = fingerprints(&root, "opts");
    assert_eq!(changed(&base, &t1), vec![ORDER.to_string()]);

    // testdata of one package: only that package.
    let corpus = root.join("payment/testdata/fuzz/FuzzX");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("seed1"), "go test fuzz v1\nstring(\"a\")\n").unwrap();
    let t2 = fingerprints(&root, "opts");
    assert_eq!(changed(&t1, &t2), vec![PAYMENT.to_string()]);

    // A non-test source of an imported package: it and its importers.
    append(&root.join("internal/money/money.go"), "\n// touched\n");
    let t3 = fingerprints(&root, "opts");
    let mut want = vec![MONEY.to_string(), ORDER.to_string(), PAYMENT.to_string()];
    want.sort();
    assert_eq!(changed(&t2, &t3), want);

    // A test file of the imported package: only that package.
    append(&root.join("internal/money/money_test.go"), "\n// touched\n");
    let t4 = fingerprints(&root, "opts");
    assert_eq!(changed(&t3, &t4), vec![MONEY.to_string()]);

    // go.mod: everything.
    append(&root.join("go.mod"), "\n// touched\n");
    assert_eq!(changed(&t4, &fingerprints(&root, "opts")).len(), 3);
}

#[test]
fn fingerprints_follow_the_profile_blocks() {
    let (_tmp, root) = shop();
    let base = fingerprints(&root, "");
    let profile = root.join("cover.out");
    let text = std::fs::read_to_string(&profile).unwrap();
    // Flip the count of the first block of a payment file (a hot block goes cold or back).
    let mut done = false;
    let edited: Vec<String> = text
        .lines()
        .map(|l| {
            if !done && l.starts_with(PAYMENT) {
                done = true;
                let (head, count) = l.rsplit_once(' ').unwrap();
                let flipped = if count == "0" { "7" } else { "0" };
                format!("{head} {flipped}")
            } else {
                l.to_string()
            }
        })
        .collect();
    assert!(done);
    std::fs::write(&profile, edited.join("\n") + "\n").unwrap();
    let after = fingerprints(&root, "");
    // payment itself; nothing imports payment.
    assert_eq!(changed(&base, &after), vec![PAYMENT.to_string()]);
}

#[test]
fn package_checks_round_trip_through_the_state_and_stay_per_package() {
    let mut ex = Exclusions::default();
    ex.harnesses.insert((ORDER.into(), "FuzzA".into()));
    ex.seeds
        .insert((ORDER.into(), "FuzzA".into(), "0123".into()));
    ex.seeds
        .insert((PAYMENT.into(), "FuzzB".into(), "4567".into()));
    ex.properties.insert((ORDER.into(), "FuzzC".into()), false);
    ex.packages.insert(PAYMENT.into());
    ex.reached.insert(
        (ORDER.into(), "FuzzD".into(), "89ab".into()),
        vec![FirstReached {
            function: "Parse".into(),
            file: "example.com/shop/order/order.go".into(),
            block: "3.1,4.2".into(),
            line: 3,
            statements: 2,
        }],
    );
    let findings = vec![Finding {
        package: ORDER.into(),
        fuzz_test: "FuzzA".into(),
        seed: "seed#0".into(),
        kind: crate::toolchain::testjson::FailureKind::Panic,
        output: "panic: boom".into(),
        may_be_harness_artifact: false,
        corpus: None,
    }];
    let candidates: BTreeSet<(String, String)> = [(ORDER.into(), "FuzzC".into())].into();
    let dropped: BTreeMap<(String, String), String> =
        [((ORDER.into(), "FuzzC".into()), "round trip broke".into())].into();

    let tmp = tempfile::tempdir().unwrap();
    let state = StateDir::at(tmp.path());
    let fp = crate::state::sha256(b"order");
    store(
        &state,
        &fp,
        &PackageCheck::extract(ORDER, &ex, &findings, &candidates, &dropped),
    );
    let back = load(&state, &fp).unwrap();
    let (mut ex2, mut f2, mut c2, mut d2) = Default::default();
    back.merge_into(ORDER, &mut ex2, &mut f2, &mut c2, &mut d2);
    let ex2: Exclusions = ex2;
    let f2: Vec<Finding> = f2;
    // Everything about order comes back; nothing about payment does.
    assert_eq!(ex2.harnesses, [(ORDER.into(), "FuzzA".into())].into());
    assert_eq!(
        ex2.seeds,
        [(ORDER.into(), "FuzzA".into(), "0123".into())].into()
    );
    assert_eq!(ex2.properties, ex.properties);
    assert!(ex2.packages.is_empty());
    assert_eq!(ex2.reached, ex.reached);
    assert_eq!(f2.len(), 1);
    assert_eq!(f2[0].output, "panic: boom");
    assert_eq!(c2, candidates);
    assert_eq!(d2, dropped);
    assert!(load(&state, &crate::state::sha256(b"payment")).is_none());
}

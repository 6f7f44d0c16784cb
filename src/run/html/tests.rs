use super::*;
use crate::run::sample;

#[test]
fn esc_covers_the_five_characters() {
    assert_eq!(esc("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
    assert!(matches!(esc("plain"), Cow::Borrowed("plain")));
}

#[test]
fn same_summary_renders_the_same_bytes() {
    let s = sample::summary();
    assert_eq!(render(&s), render(&s.clone()));
}

#[test]
fn source_and_names_cannot_break_out_of_the_markup() {
    let html = render(&sample::summary());
    // One script element only: ours, after all data.
    assert_eq!(html.matches("<script").count(), 1, "{html}");
    assert!(html.contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("// Parse reads &quot;a&lt;b&quot; &amp; more."));
    assert!(html.contains("<code>order/pa&quot;r&lt;se&gt;.go</code>"));
    assert!(html.contains("<code>len(s) &gt; 4096 &amp;&amp; s[0] != &#39;&lt;&#39;</code>"));
    assert!(html.contains("index out of range [5] with length 5 &lt;&quot;&#39;&amp;&gt;"));
    assert!(!html.contains("pa\"r"), "raw quote from a file name");
}

#[test]
fn report_references_nothing_outside_itself() {
    let html = render(&sample::summary());
    for needle in ["http:", "https:", "src=", "@import", "url("] {
        assert!(!html.contains(needle), "found {needle}");
    }
    assert!(html.contains("Content-Security-Policy\" content=\"default-src 'none';"));
}

#[test]
fn overview_shows_every_total() {
    let html = render(&sample::summary());
    let cards: Vec<&str> = html
        .split("<div class=\"n\">")
        .skip(1)
        .map(|c| c.split('<').next().unwrap())
        .collect();
    assert_eq!(cards, ["3", "1", "1", "0", "1"]);
}

#[test]
fn trend_has_one_point_per_run_and_series() {
    let html = render(&sample::summary());
    assert_eq!(html.matches("<polyline").count(), 3);
    assert_eq!(html.matches("<circle").count(), 9);
    // Highest cold_before (3) at the top of the plot area, zero at its bottom.
    assert!(
        html.contains("points=\"40.0,40.0 360.0,80.0 680.0,120.0\""),
        "{html}"
    );
    assert!(
        html.contains("points=\"40.0,80.0 360.0,120.0 680.0,160.0\""),
        "{html}"
    );
}

#[test]
fn empty_trend_and_no_targets_render_notes() {
    let mut s = sample::summary();
    s.trend.clear();
    s.targets.clear();
    s.findings.clear();
    let html = render(&s);
    assert!(html.contains("No runs recorded yet."));
    assert!(html.contains("No cold code"));
    assert!(html.contains("No crash, hang or failure."));
    assert!(!html.contains("<svg"));
}

#[test]
fn targets_link_to_their_source_lines() {
    let html = render(&sample::summary());
    assert_eq!(html.matches("<tr class=\"target\">").count(), 2);
    assert!(html.contains("<a href=\"#f0-0-L4\">order/pa&quot;r&lt;se&gt;.go:4</a>"));
    assert!(html.contains("id=\"f0-0-L4\""));
    // A target in a file the report has no source for: plain text, no dangling link.
    assert!(html.contains("<td class=\"mono\">order/batch.go:12</td>"));
    assert!(html.contains("<span class=\"no\">still cold</span>"));
    assert!(html.contains("<span class=\"yes\">flipped</span>"));
    assert!(html.contains("<code>order/testdata/fuzz/FuzzParse/heatseed-1a2b</code>"));
}

#[test]
fn blocks_carry_a_level_per_view_and_the_coverdir_mark() {
    let html = render(&sample::summary());
    // The cold block: cold in tests and after seeds, reached by fuzzing, hot in production.
    assert!(html.contains("<span class=\"b t0 s0 f1 p\""), "{html}");
    assert!(html.contains("test 0, seeds 0, fuzzing 2, coverdir 250"));
    assert_eq!(html.matches("class=\"b ").count(), 3);
}

#[test]
fn findings_carry_a_copyable_reproduce_command() {
    let html = render(&sample::summary());
    assert!(html.contains(
        "<code>go test -run &#39;^FuzzParse$/^771e938e4458e983$&#39; ./order</code><button type=\"button\" class=\"copy\">copy</button>"
    ));
}

#[test]
fn a_leading_newline_of_a_source_survives_the_pre_tag() {
    // HTML drops one newline right after `<pre>`: the report writes one of its own first, so
    // a file starting with a blank line keeps its lines aligned with the gutter.
    let mut s = sample::summary();
    s.packages[0].files[0].source.insert(0, '\n');
    let html = render(&s);
    assert!(
        html.contains("<pre class=\"src\">\n\npackage order"),
        "{html}"
    );
    assert!(html.contains("<span class=\"muted\">3 blocks; cold: 1 in the tests"));
    assert!(html.contains("<p class=\"muted\">3 statements · cold 1 before"));
}

//! `heatseed::structtag` against the real Go: a tiny program prints, for a table of tricky
//! struct tags, `reflect.StructTag(tag).Lookup("json")` and the member name `encoding/json`
//! uses (by marshalling a struct built with `reflect.StructOf`, field value 1 so `omitempty` keeps it), and Rust must agree on all.

mod common;

use common::*;

const TAGS: &[&str] = &[
    r#"json:"a""#,
    r#"myjson:"a" json:"b""#,
    r#"json:"-""#,
    r#"json:"-,""#,
    r#"json:"-,omitempty""#,
    r#"json:",omitempty""#,
    r#"json:"""#,
    r#"json:"a b""#,
    r#"json:"a\"b""#,
    r#"json:"a\\b""#,
    r#"json:"\u00e9t\u00e9""#,
    r#"json:"x\x41""#,
    r#"json:"\101bc""#,
    r#"json:"a,string" xml:"b""#,
    r#"xml:"b"  json:"c""#,
    r#"json:"bad\q""#,
    r#"json: "space""#,
    r#"json:unquoted"#,
    r#"json:"open"#,
    r#"xml:"a"json:"b""#,
    r#"json:"a!#$%&()*+-./:;<=>?@[]^_{|}~""#,
    r#"json:"a'b""#,
    r#"json:"a`b""#,
    r#"json:"1x""#,
    r#" json:"lead""#,
    "",
];

#[test]
fn struct_tags_read_like_go() {
    if !have_go() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("go.mod"), "module tags\n\ngo 1.22\n").unwrap();
    let table: String = TAGS
        .iter()
        .map(|t| format!("\t{},\n", serde_json::to_string(t).unwrap()))
        .collect();
    std::fs::write(
        dir.join("main.go"),
        format!(
            "package main\n\nimport (\n\t\"encoding/json\"\n\t\"fmt\"\n\t\"reflect\"\n)\n\nvar tags = []string{{\n{table}}}\n\n\
func main() {{\n\tfor _, tag := range tags {{\n\t\tv, ok := reflect.StructTag(tag).Lookup(\"json\")\n\
\t\tt := reflect.StructOf([]reflect.StructField{{{{Name: \"Field\", Type: reflect.TypeOf(0), Tag: reflect.StructTag(tag)}}}})\n\
\t\te := reflect.New(t).Elem()\n\t\te.Field(0).SetInt(1)\n\t\tb, err := json.Marshal(e.Interface())\n\t\tif err != nil {{\n\t\t\tpanic(err)\n\t\t}}\n\
\t\tvar m map[string]any\n\t\t_ = json.Unmarshal(b, &m)\n\t\tkey, skipped := \"\", len(m) == 0\n\t\tfor k := range m {{\n\t\t\tkey = k\n\t\t}}\n\
\t\tout, _ := json.Marshal([]any{{v, ok, key, skipped}})\n\t\tfmt.Println(string(out))\n\t}}\n}}\n"
        ),
    )
    .unwrap();
    let out = go(dir, &["run", "."]);
    let lines: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    assert_eq!(lines.len(), TAGS.len());
    for (tag, line) in TAGS.iter().zip(lines) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let go_lookup = v[1]
            .as_bool()
            .unwrap()
            .then(|| v[0].as_str().unwrap().to_string());
        let go_key = (!v[3].as_bool().unwrap()).then(|| v[2].as_str().unwrap().to_string());
        assert_eq!(
            heatseed::structtag::lookup(tag, "json"),
            go_lookup,
            "Lookup of {tag:?}"
        );
        assert_eq!(
            heatseed::structtag::json_key(tag, "Field"),
            go_key,
            "json key of {tag:?}"
        );
    }
}

fn main() {
    let p = std::env::args().nth(1).unwrap();
    let src = std::fs::read_to_string(&p).unwrap();
    let f = heatseed::index::parse_source(&src);
    let name = std::env::args().nth(2).unwrap();
    for func in &f.functions {
        if func.name == name {
            for a in &func.assigns {
                println!(
                    "assign {:?} {} {:?}",
                    a.lhs.iter().map(|e| e.text()).collect::<Vec<_>>(),
                    a.op,
                    a.rhs.iter().map(|e| e.text()).collect::<Vec<_>>()
                );
            }
            for c in &func.calls {
                println!(
                    "call {} args {:?}",
                    c.func.text(),
                    c.args
                        .iter()
                        .map(|e| format!("{:?}", e))
                        .collect::<Vec<_>>()
                );
            }
        }
    }
}
